// Per-tenant account settings (time zone, SCIM enablement and key hash) and the SCIM API's rate-limit counters.
import { type Keyed, keyedColumns, keyedTable, type RowOf } from '@samlbridge/web';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import type { SpDialect } from './dialect.js';
import type { AccountSettings } from './types.js';

const ACCOUNT = keyedColumns<AccountSettings>()('tenant', {
  text: ['timezone', 'scimTokenHash'],
  bool: ['scimEnabled'],
});
export type AccountSettingsTable = RowOf<Keyed<AccountSettings>, typeof ACCOUNT>;

/** By tenant. */
export const createAccountRepo = (db: Kysely<Database>, d: SpDialect) =>
  keyedTable<AccountSettings, string, AccountSettingsTable>(db, d, 'account_settings', ACCOUNT);

export function createRateLimitRepo(db: Kysely<Database>, d: SpDialect) {
  return {
    /** Atomically counts one request in the fixed window `windowStart` for `key`, returns the count so far; forgets older windows. */
    async hit(key: string, windowStart: Date) {
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
