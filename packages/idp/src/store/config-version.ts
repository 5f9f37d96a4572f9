// The configuration version (migrations/config-version.ts): a counter that every committed write to the cached
// configuration tables (applications and their settings, signing keys) has incremented, by trigger in the same
// transaction. An instance reads it once per request and keeps what it cached while the number stays the same, so
// a change made on another instance sharing the database applies to that instance's next request.
import { CompiledQuery } from 'kysely';
import type { Sql } from './dialect.js';

export interface ConfigVersionTable {
  id: number;
  version: number;
}

export function configVersion({ db }: Sql) {
  // Built once: the one statement every request runs before anything it caches (no query building per request).
  const read = CompiledQuery.raw('select version from config_version where id = 1');
  return {
    /**
     * The current version: another number after every committed change to a cached table (0 when the row is gone,
     * e.g. a test emptied the database; the next write creates it again). Compare for equality only.
     */
    async current(): Promise<number> {
      const { rows } = await db.executeQuery<{ version: number | string }>(read);
      return Number(rows[0]?.version ?? 0);
    },
  };
}
