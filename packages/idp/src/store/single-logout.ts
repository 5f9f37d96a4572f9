// The Single Logout repository (store/single-logout-types.ts), written once for both engines.
import {
  deleteExpired,
  JSON_TEXT,
  type Keyed,
  keyedColumns,
  keyedTable,
  type RowOf,
  snakeColumns,
  table,
  unexpiredRow,
} from '@samlbridge/web';
import type { Selectable } from 'kysely';
import type { Sql } from './dialect.js';
import type { LogoutFlow, SessionParticipant, SingleLogoutSettings } from './single-logout-types.js';

/** A participant as stored: the NameID's value and attributes in columns of their own. */
type ParticipantRow = Omit<SessionParticipant, 'nameId'> & {
  nameId: string;
  nameIdFormat: string | null;
  nameQualifier: string | null;
  spNameQualifier: string | null;
};
const PARTICIPANT = snakeColumns<ParticipantRow>()({
  text: ['sessionIndex', 'applicationId', 'userId', 'nameId', 'nameIdFormat', 'nameQualifier', 'spNameQualifier'],
  date: ['createdAt', 'expiresAt'],
});
export type SessionParticipantsTable = RowOf<ParticipantRow, typeof PARTICIPANT>;

type FlowState = Pick<LogoutFlow, 'username' | 'initiator' | 'participants'>;
/** A logout flow as stored: what only this repository reads in one JSON text column (the same on both engines). */
type FlowRow = Omit<LogoutFlow, keyof FlowState> & { state: FlowState };
const FLOW = snakeColumns<FlowRow>()(
  {
    text: ['id', 'userId', 'sessionIndex', 'currentRequestId'],
    date: ['createdAt', 'expiresAt'],
  },
  {
    state: ['state', JSON_TEXT],
  },
);
export type LogoutFlowsTable = RowOf<FlowRow, typeof FLOW>;

const SETTINGS = keyedColumns<SingleLogoutSettings>()(
  'application_id',
  { text: ['sloUrl', 'sloResponseUrl'] },
  { binding: ['binding', { from: (v: string) => (v === 'post' ? 'post' : 'redirect') }] },
);
/** Per application: where its SP receives LogoutRequests and LogoutResponses. */
export type ApplicationSingleLogoutTable = RowOf<Keyed<SingleLogoutSettings>, typeof SETTINGS>;

export function singleLogout(ctx: Sql) {
  const { db, dialect } = ctx;
  const participants = table<ParticipantRow, SessionParticipantsTable>(db, dialect, 'session_participants', PARTICIPANT);
  const toParticipant = (r: Selectable<SessionParticipantsTable>): SessionParticipant => {
    const { nameId: value, nameIdFormat: format, nameQualifier, spNameQualifier, ...p } = participants.fromRow(r);
    const nameId = { value, ...(format ? { format } : {}), ...(nameQualifier ? { nameQualifier } : {}) };
    return { ...p, nameId: { ...nameId, ...(spNameQualifier ? { spNameQualifier } : {}) } };
  };
  const flows = table<FlowRow, LogoutFlowsTable>(db, dialect, 'logout_flows', FLOW);
  const flowRow = ({ username, initiator, participants, ...f }: LogoutFlow): FlowRow => ({
    ...f,
    state: { username, participants, initiator },
  });
  /** The logout flow whose `column` is `value`, unless it has expired. */
  const liveFlow = async (column: 'id' | 'current_request_id', value: string, now: Date) => {
    const r = await unexpiredRow<Selectable<LogoutFlowsTable>>(ctx, 'logout_flows', column, value, now);
    if (!r) return undefined;
    const { state, ...f } = flows.fromRow(r);
    return { ...f, ...state };
  };
  const settings = keyedTable<SingleLogoutSettings, string, ApplicationSingleLogoutTable>(
    db,
    dialect,
    'application_single_logout',
    SETTINGS,
  );

  /** One statement for any number of participants; of two for one session and application, the later one is kept. */
  async function recordParticipants(records: readonly SessionParticipant[]): Promise<void> {
    const rows = new Map<string, ParticipantRow>();
    for (const { nameId, ...p } of records) {
      const key = JSON.stringify([p.sessionIndex, p.applicationId]);
      rows.delete(key); // the later one, in its place in the order
      const { value, format = null, nameQualifier = null, spNameQualifier = null } = nameId;
      rows.set(key, { ...p, nameId: value, nameIdFormat: format, nameQualifier, spNameQualifier });
    }
    // The latest assertion to an application in this session is the one its SP holds. Group-committed
    // (store/group-commit.ts): compiled once per row count (web's precompiledRows).
    await participants.upsertMany([...rows.values()], ['session_index', 'application_id'], ['user_id']);
  }

  return {
    recordParticipant: (p: SessionParticipant) => recordParticipants([p]),
    recordParticipants,
    async participantsOfSession(sessionIndex: string) {
      const rows = await db
        .selectFrom('session_participants')
        .selectAll()
        .where('session_index', '=', sessionIndex)
        .orderBy('created_at')
        .execute();
      return rows.map(toParticipant);
    },
    async participantsOfUser(userId: string, now: Date) {
      const rows = await db
        .selectFrom('session_participants')
        .selectAll()
        .where('user_id', '=', userId)
        .where('expires_at', '>', dialect.toDbDate(now))
        .orderBy('created_at')
        .execute();
      return rows.map(toParticipant);
    },
    /** Marks one IdP session ended (any instance then refuses it). */
    async endSession(sessionIndex: string, userId: string, now: Date, expiresAt: Date) {
      await db
        .insertInto('ended_sessions')
        .values({ session_index: sessionIndex, user_id: userId, ended_at: dialect.toDbDate(now), expires_at: dialect.toDbDate(expiresAt) })
        .onConflict((oc) => oc.column('session_index').doNothing())
        .execute();
    },
    /** Ends every session of the user signed in at or before `now`. */
    async endSessionsOfUser(userId: string, now: Date) {
      const at = dialect.toDbDate(now);
      await db
        .insertInto('user_session_cutoffs')
        .values({ user_id: userId, ended_before: at })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ ended_before: at }))
        .execute();
    },
    /** Whether the session (by SessionIndex, or by the user's cut-off) has been ended. */
    async isEnded(sessionIndex: string, userId: string, authnInstant: Date) {
      // One statement (read on every SSO request): the session's own end, and the user's cutoff.
      const row = await db
        .selectNoFrom((eb) => [
          eb.selectFrom('ended_sessions').select('session_index').where('session_index', '=', sessionIndex).as('ended'),
          eb.selectFrom('user_session_cutoffs').select('ended_before').where('user_id', '=', userId).as('ended_before'),
        ])
        .executeTakeFirstOrThrow();
      if (row.ended !== null) return true;
      return row.ended_before !== null && authnInstant.getTime() <= dialect.fromDbDate(row.ended_before).getTime();
    },
    getSettings: settings.get,
    putSettings: settings.put,
    insertFlow: (f: LogoutFlow) => flows.insert(flowRow(f)),
    async updateFlow(f: LogoutFlow) {
      const { state, currentRequestId } = flowRow(f);
      await flows.update({ id: f.id }, { state, currentRequestId });
    },
    getFlow: (id: string, now: Date) => liveFlow('id', id, now),
    findFlowByRequestId: (requestId: string, now: Date) => liveFlow('current_request_id', requestId, now),
    async deleteExpired(now: Date) {
      let n = 0;
      for (const name of ['logout_flows', 'session_participants', 'ended_sessions']) n += await deleteExpired(ctx, name, now);
      return n;
    },
  };
}

export type SingleLogoutRepository = ReturnType<typeof singleLogout>;
