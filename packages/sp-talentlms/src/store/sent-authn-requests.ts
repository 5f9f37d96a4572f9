// The AuthnRequests this SP sent (http/sp-login.ts), kept as long as sign-in traces (SP_TRACE_RETENTION_DAYS) so the
// sign-in trace can show the request a Response answers (InResponseTo). Times are ISO-8601 text on both engines;
// the sweep deletes expired rows a batch at a time. An AuthnRequest carries no secret.
import { deleteExpiredBatch } from '@samlbridge/web';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';

export function createSentAuthnRequestRepo(db: Kysely<Database>) {
  return {
    async add({ tenant, id, xml, expiresAt }: { tenant: string; id: string; xml: string; expiresAt: Date }) {
      await db.insertInto('sent_authn_requests').values({ tenant, id, xml, expires_at: expiresAt.toISOString() }).execute();
    },
    /** The XML of the AuthnRequest `id` this tenant sent, while kept. */
    async get(tenant: string, id: string) {
      const row = await db
        .selectFrom('sent_authn_requests')
        .select('xml')
        .where('tenant', '=', tenant)
        .where('id', '=', id)
        .executeTakeFirst();
      return row?.xml;
    },
    /** Deletes up to `batch` expired rows; returns how many. */
    sweep: (now: Date, { batch }: { batch: number }) => deleteExpiredBatch(db, 'sent_authn_requests', ['tenant', 'id'], now, batch),
  };
}
