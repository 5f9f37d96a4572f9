// The Single Logout repository (store/single-logout-types.ts), written once for both engines.
import { affected, type Keyed, keyedTable, precompiledRows, type RowOf, snakeColumns, unexpiredRow } from '@samlbridge/web';
import type { Insertable, Selectable } from 'kysely';
import type { Database } from './database.js';
import type { Sql } from './dialect.js';
import type { LogoutFlow, SessionParticipant, SingleLogoutSettings } from './single-logout-types.js';

type FlowState = Pick<LogoutFlow, 'username' | 'initiator' | 'participants'>;

const SETTINGS = snakeColumns<Keyed<SingleLogoutSettings>>()(
  {
    text: ['sloUrl', 'sloResponseUrl'],
    date: ['updatedAt'],
  },
  {
    key: 'application_id',
    binding: ['binding', { from: (v: string) => (v === 'post' ? 'post' : 'redirect') }],
  },
);
/** Per application: where its SP receives LogoutRequests and LogoutResponses. */
export type ApplicationSingleLogoutTable = RowOf<Keyed<SingleLogoutSettings>, typeof SETTINGS>;

export function singleLogout({ db, dialect }: Sql) {
  const toParticipant = (r: Selectable<Database['session_participants']>): SessionParticipant => ({
    sessionIndex: r.session_index,
    userId: r.user_id,
    applicationId: r.application_id,
    nameId: {
      value: r.name_id,
      ...(r.name_id_format ? { format: r.name_id_format } : {}),
      ...(r.name_qualifier ? { nameQualifier: r.name_qualifier } : {}),
      ...(r.sp_name_qualifier ? { spNameQualifier: r.sp_name_qualifier } : {}),
    },
    createdAt: dialect.fromDbDate(r.created_at),
    expiresAt: dialect.fromDbDate(r.expires_at),
  });
  const toFlow = (r: Selectable<Database['logout_flows']>): LogoutFlow => {
    // Stored as JSON text on both engines (read and written only here).
    const state = JSON.parse(r.state) as FlowState;
    return {
      id: r.id,
      userId: r.user_id,
      sessionIndex: r.session_index,
      username: state.username,
      ...(state.initiator ? { initiator: state.initiator } : {}),
      participants: state.participants,
      currentRequestId: r.current_request_id,
      createdAt: dialect.fromDbDate(r.created_at),
      expiresAt: dialect.fromDbDate(r.expires_at),
    };
  };
  /** The logout flow whose `column` is `value`, unless it has expired. */
  const liveFlow = async (column: 'id' | 'current_request_id', value: string, now: Date) => {
    const r = await unexpiredRow<Selectable<Database['logout_flows']>>({ db, dialect }, 'logout_flows', column, value, now);
    return r && toFlow(r);
  };
  const settings = keyedTable<SingleLogoutSettings, string, ApplicationSingleLogoutTable>(
    db,
    dialect,
    'application_single_logout',
    SETTINGS,
  );
  const stateOf = (f: LogoutFlow) =>
    JSON.stringify({ username: f.username, participants: f.participants, ...(f.initiator ? { initiator: f.initiator } : {}) });

  // Group-committed (store/group-commit.ts): compiled once per row count (web's precompiledRows).
  const upsertParticipants = precompiledRows(db, (rows) =>
    db
      .insertInto('session_participants')
      .values(rows as Insertable<Database['session_participants']>[])
      .onConflict((oc) =>
        oc.columns(['session_index', 'application_id']).doUpdateSet((eb) => ({
          name_id: eb.ref('excluded.name_id'),
          name_id_format: eb.ref('excluded.name_id_format'),
          name_qualifier: eb.ref('excluded.name_qualifier'),
          sp_name_qualifier: eb.ref('excluded.sp_name_qualifier'),
          created_at: eb.ref('excluded.created_at'),
          expires_at: eb.ref('excluded.expires_at'),
        })),
      ),
  );

  /** One statement for any number of participants; of two for one session and application, the later one is kept. */
  async function recordParticipants(participants: readonly SessionParticipant[]): Promise<void> {
    const rows = new Map<string, Insertable<Database['session_participants']>>();
    for (const p of participants) {
      const key = JSON.stringify([p.sessionIndex, p.applicationId]);
      rows.delete(key); // the later one, in its place in the order
      rows.set(key, {
        session_index: p.sessionIndex,
        application_id: p.applicationId,
        user_id: p.userId,
        name_id: p.nameId.value,
        name_id_format: p.nameId.format ?? null,
        name_qualifier: p.nameId.nameQualifier ?? null,
        sp_name_qualifier: p.nameId.spNameQualifier ?? null,
        created_at: dialect.toDbDate(p.createdAt),
        expires_at: dialect.toDbDate(p.expiresAt),
      });
    }
    if (rows.size === 0) return;
    // The latest assertion to an application in this session is the one its SP holds.
    await upsertParticipants([...rows.values()]);
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
    async insertFlow(f: LogoutFlow) {
      await db
        .insertInto('logout_flows')
        .values({
          id: f.id,
          user_id: f.userId,
          session_index: f.sessionIndex,
          state: stateOf(f),
          current_request_id: f.currentRequestId,
          created_at: dialect.toDbDate(f.createdAt),
          expires_at: dialect.toDbDate(f.expiresAt),
        })
        .execute();
    },
    async updateFlow(f: LogoutFlow) {
      await db
        .updateTable('logout_flows')
        .set({ state: stateOf(f), current_request_id: f.currentRequestId })
        .where('id', '=', f.id)
        .execute();
    },
    getFlow: (id: string, now: Date) => liveFlow('id', id, now),
    findFlowByRequestId: (requestId: string, now: Date) => liveFlow('current_request_id', requestId, now),
    async deleteExpired(now: Date) {
      const at = dialect.toDbDate(now);
      let n = affected(await db.deleteFrom('logout_flows').where('expires_at', '<=', at).executeTakeFirstOrThrow());
      n += affected(await db.deleteFrom('session_participants').where('expires_at', '<=', at).executeTakeFirstOrThrow());
      n += affected(await db.deleteFrom('ended_sessions').where('expires_at', '<=', at).executeTakeFirstOrThrow());
      return n;
    },
  };
}

export type SingleLogoutRepository = ReturnType<typeof singleLogout>;
