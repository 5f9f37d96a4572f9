// Per-tenant account settings (time zone, SCIM enablement and key hash) and the SCIM API's rate-limit counters.
import { type Columns, type RowOf, table } from '@samlbridge/web';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import type { SpDialect } from './dialect.js';
import type { AccountRepo, AccountSettings, RateLimitRepo } from './types.js';

type AccountRow = AccountSettings & { tenant: string; updatedAt: Date };
const ACCOUNT = {
  tenant: 'tenant',
  timezone: 'timezone',
  scimEnabled: ['scim_enabled', 'bool'],
  scimTokenHash: 'scim_token_hash',
  updatedAt: ['updated_at', 'date'],
} as const satisfies Columns<AccountRow>;
export type AccountSettingsTable = RowOf<AccountRow, typeof ACCOUNT>;

export function createAccountRepo(db: Kysely<Database>, d: SpDialect): AccountRepo {
  const t = table<AccountRow, AccountSettingsTable>(db, d, 'account_settings', ACCOUNT);
  return {
    async get(tenant) {
      const row = await t.find({ tenant });
      return row && { timezone: row.timezone, scimEnabled: row.scimEnabled, scimTokenHash: row.scimTokenHash };
    },
    put: (tenant, a, now) => t.upsert({ ...a, tenant, updatedAt: now }, ['tenant']),
  };
}

export function createRateLimitRepo(db: Kysely<Database>, d: SpDialect): RateLimitRepo {
  return {
    async hit(key, windowStart) {
      const w = d.toDbDate(windowStart);
      // One statement counts the hit, whichever instance serves it.
      const row = await db
        .insertInto('rate_limits')
        .values({ key, window_start: w, hits: 1 })
        .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ hits: eb('rate_limits.hits', '+', 1) })))
        .returning('hits')
        .executeTakeFirstOrThrow();
      const hits = Number(row.hits);
      if (hits === 1) await db.deleteFrom('rate_limits').where('key', '=', key).where('window_start', '<', w).execute();
      return hits;
    },
  };
}
