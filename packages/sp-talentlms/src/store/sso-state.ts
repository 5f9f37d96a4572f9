// What SSO keeps between requests, so any instance can serve any step of a flow (ARCHITECTURE.md §5): the SSO
// settings, pending AuthnRequest IDs and the assertion replay cache. Each atomic operation is ONE
// statement, so it stays atomic when several SP instances share the database.
import { type RowOf, snakeColumns, table } from '@samlbridge/web';
import type { Kysely } from 'kysely';
import type { SsoIntegrationType, SsoSettings } from '../sso/settings.js';
import type { Database } from './database.js';
import type { SpDialect } from './dialect.js';

type SettingsRow = { tenant: string; data: SsoSettings; integrationType: string; updatedAt: Date };
const SETTINGS = snakeColumns<SettingsRow>()({
  text: ['tenant', 'integrationType'],
  date: ['updatedAt'],
  json: ['data'],
});
export type SsoSettingsTable = RowOf<SettingsRow, typeof SETTINGS>;

/** A value no version of this code wrote keeps SAML on (turning sign-in off needs the admin's explicit None). */
const integrationTypeOf = (stored: string): SsoIntegrationType => (stored === 'none' ? 'none' : 'saml2');

export function createSettingsRepo(db: Kysely<Database>, d: SpDialect) {
  const t = table<SettingsRow, SsoSettingsTable>(db, d, 'sso_settings', SETTINGS);
  return {
    async get(tenant: string): Promise<SsoSettings | undefined> {
      const row = await t.find({ tenant });
      return row && { ...row.data, integrationType: integrationTypeOf(row.integrationType) };
    },
    put: (tenant: string, data: SsoSettings, now: Date) =>
      t.upsert({ tenant, data, integrationType: data.integrationType, updatedAt: now }, ['tenant']),
  };
}

export function createPendingRequestRepo(db: Kysely<Database>, d: SpDialect) {
  return {
    async add(tenant: string, id: string, expiresAt: Date) {
      await db
        .insertInto('pending_requests')
        .values({ tenant, id, expires_at: d.toDbDate(expiresAt) })
        .execute();
    },
    /** Atomically removes the request when it exists and has not expired; true when it did. */
    async consume(tenant: string, id: string, now: Date) {
      const at = d.toDbDate(now);
      await db.deleteFrom('pending_requests').where('expires_at', '<=', at).execute();
      // Consume-once: of two instances deleting the same row, only one deletes it.
      const result = await db
        .deleteFrom('pending_requests')
        .where('tenant', '=', tenant)
        .where('id', '=', id)
        .where('expires_at', '>', at)
        .executeTakeFirst();
      return result.numDeletedRows === 1n;
    },
  };
}

export function createReplayRepo(db: Kysely<Database>, d: SpDialect) {
  return {
    /** Atomic insert-if-absent: true when the assertion ID was new (and is now remembered until expiresAt). */
    async remember(tenant: string, assertionId: string, expiresAt: Date, now: Date) {
      const at = d.toDbDate(now);
      await db.deleteFrom('replay_cache').where('expires_at', '<=', at).execute();
      // Insert-if-absent in one statement; an expired entry left by a concurrent sweep is taken over.
      const result = await db
        .insertInto('replay_cache')
        .values({ tenant, assertion_id: assertionId, expires_at: d.toDbDate(expiresAt) })
        .onConflict((oc) =>
          oc
            .columns(['tenant', 'assertion_id'])
            .doUpdateSet((eb) => ({ expires_at: eb.ref('excluded.expires_at') }))
            .where('replay_cache.expires_at', '<=', at),
        )
        .executeTakeFirst();
      return result.numInsertedOrUpdatedRows === 1n;
    },
  };
}
