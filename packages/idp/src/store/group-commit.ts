// Group commit for the rows every SAML sign-in writes (the sso_auth event, the SSO trace, the Single Logout session
// participant): each write still resolves only once its row is committed (a crash loses nothing that a single-row
// insert would not have lost), but the writes that arrive in the same turn of the event loop, or while the previous
// group is being written, go in ONE multi-row statement per table. Under load that is a few statements (and commits)
// per group instead of three per sign-in: on SQLite, fewer statements to build and run and one WAL commit per table
// instead of one per row; on PostgreSQL, fewer round trips and WAL flushes.
// A multi-row statement that fails is retried row by row, so only the write at fault fails, with its own error.
import type { SessionParticipant } from './single-logout-types.js';
import type { SsoTrace } from './sso-traces.js';
import type { Store } from './types.js';

type IdpEvent = Parameters<Store['events']['insert']>[0];

interface Queue<T> {
  items: { value: T; resolve(): void; reject(err: unknown): void }[];
  /** All of them in one statement. */
  many(values: T[]): Promise<void>;
  /** One of them alone (the fallback when `many` fails). */
  one(value: T): Promise<void>;
}

export interface GroupCommitter {
  event(e: IdpEvent): Promise<void>;
  trace(t: SsoTrace): Promise<void>;
  participant(p: SessionParticipant): Promise<void>;
  /** Resolves when everything queued so far is written (or has failed). */
  drain(): Promise<void>;
}

/** At most this many rows per statement (PostgreSQL takes at most 65,535 parameters; SQLite 32,766). */
export const MAX_GROUP_ROWS = 200;

export function groupCommitter(store: Store, max = MAX_GROUP_ROWS): GroupCommitter {
  const queue = <T>(many: (values: T[]) => Promise<void>, one: (value: T) => Promise<void>): Queue<T> => ({ items: [], many, one });
  // Participants first: a sign-in's participant is written no later than its event (the order it had before).
  const participants = queue<SessionParticipant>(
    (ps) => store.singleLogout.recordParticipants(ps),
    (p) => store.singleLogout.recordParticipant(p),
  );
  const events = queue<IdpEvent>(
    (es) => store.events.insertMany(es),
    (e) => store.events.insert(e),
  );
  const traces = queue<SsoTrace>(
    (ts) => store.ssoTraces.insertMany(ts),
    (t) => store.ssoTraces.insert(t),
  );
  const queues = [participants, events, traces] as Queue<unknown>[];
  let flushing: Promise<void> | undefined;

  async function write<T>(q: Queue<T>): Promise<void> {
    while (q.items.length > 0) {
      const group = q.items.splice(0, max);
      try {
        await (group.length === 1 ? q.one((group[0] as (typeof group)[0]).value) : q.many(group.map((i) => i.value)));
      } catch (err) {
        if (group.length === 1) {
          (group[0] as (typeof group)[0]).reject(err);
          continue;
        }
        // Which row failed is unknown: each alone, so each caller gets its own outcome.
        for (const i of group) await q.one(i.value).then(i.resolve, i.reject);
        continue;
      }
      for (const i of group) i.resolve();
    }
  }

  function flushSoon(): void {
    // setImmediate: the requests read in this turn of the event loop queue their rows before the group is taken.
    flushing ??= new Promise<void>((done) => setImmediate(done)).then(async () => {
      while (queues.some((q) => q.items.length > 0)) for (const q of queues) await write(q);
      flushing = undefined;
    });
  }

  const enqueue =
    <T>(q: Queue<T>) =>
    (value: T) =>
      new Promise<void>((resolve, reject) => {
        q.items.push({ value, resolve, reject });
        flushSoon();
      });
  return {
    event: enqueue(events),
    trace: enqueue(traces),
    participant: enqueue(participants),
    async drain() {
      while (flushing) await flushing;
    },
  };
}

/**
 * The store with the sign-in's three writes group-committed (outside a transaction; inside one they are already
 * part of it). Everything else is the store as it is.
 */
export function withGroupCommit(store: Store, committer = groupCommitter(store)): Store {
  return {
    ...store,
    events: { ...store.events, insert: committer.event },
    ssoTraces: { ...store.ssoTraces, insert: committer.trace },
    singleLogout: { ...store.singleLogout, recordParticipant: committer.participant },
    close: async () => {
      await committer.drain();
      await store.close();
    },
  };
}
