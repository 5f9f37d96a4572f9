// IdP sessions ended by Single Logout (saml-profiles §4.4.4): the LMS session carrying that SessionIndex ends on any
// instance, even when the LogoutRequest arrived without the LMS cookie (a cross-site POST).
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import type { SpDialect } from './dialect.js';

export function createEndedSamlSessionRepo(db: Kysely<Database>, d: SpDialect) {
  return {
    async end(tenant: string, sessionIndex: string, expiresAt: Date, now: Date) {
      await db.deleteFrom('ended_saml_sessions').where('expires_at', '<=', d.toDbDate(now)).execute();
      await db
        .insertInto('ended_saml_sessions')
        .values({ tenant, session_index: sessionIndex, expires_at: d.toDbDate(expiresAt) })
        .onConflict((oc) => oc.columns(['tenant', 'session_index']).doNothing())
        .execute();
    },
    async isEnded(tenant: string, sessionIndex: string) {
      const row = await db
        .selectFrom('ended_saml_sessions')
        .select('session_index')
        .where('tenant', '=', tenant)
        .where('session_index', '=', sessionIndex)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
