// Per-tenant account settings (time zone, SCIM enablement and key hash) and the SCIM API's rate-limit counters.
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import type { SpDialect } from './dialect.js';
import type { AccountRepo, RateLimitRepo } from './types.js';

export function createAccountRepo(db: Kysely<Database>, d: SpDialect): AccountRepo {
  return {
    async get(tenant) {
      const row = await db
        .selectFrom('account_settings')
        .select(['timezone', 'scim_enabled', 'scim_token_hash'])
        .where('tenant', '=', tenant)
        .executeTakeFirst();
      return row && { timezone: row.timezone, scimEnabled: d.fromDbBool(row.scim_enabled), scimTokenHash: row.scim_token_hash };
    },
    async put(tenant, a, now) {
      await db
        .insertInto('account_settings')
        .values({
          tenant,
          timezone: a.timezone,
          scim_enabled: d.toDbBool(a.scimEnabled),
          scim_token_hash: a.scimTokenHash,
          updated_at: d.toDbDate(now),
        })
        .onConflict((oc) =>
          oc.column('tenant').doUpdateSet((eb) => ({
            timezone: eb.ref('excluded.timezone'),
            scim_enabled: eb.ref('excluded.scim_enabled'),
            scim_token_hash: eb.ref('excluded.scim_token_hash'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    },
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
