// IdP sessions ended by Single Logout (saml-profiles §4.4.4): the LMS session carrying that SessionIndex ends on any
// instance, even when the LogoutRequest arrived without the LMS cookie (a cross-site POST).
import { hasRow } from '@samlbridge/web';
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
    isEnded: (tenant: string, sessionIndex: string) => hasRow(db, 'ended_saml_sessions', { session_index: sessionIndex, tenant }),
  };
}
