// The configuration version (migration 2026-12-03-150, store/config-version.ts): one counter row that every write to
// the tables an instance caches between requests (applications and their per-application settings, signing keys)
// increments in the same transaction, by trigger, so no write path can forget it and a reader that sees the old
// number cannot have missed a committed change.
//   - SQLite: one AFTER INSERT / UPDATE / DELETE trigger per table (SQLite triggers are per row).
//   - PostgreSQL: one statement-level trigger per table calling one PL/pgSQL function.
import type { AnyKysely, SqlDialect } from '@samlbridge/web';
import { sql } from 'kysely';

/** The tables whose rows the hot path keeps between requests (http/config-cache.ts, keys/keyring.ts). */
export const CONFIG_VERSIONED_TABLES = [
  'applications',
  'application_assertion_encryption',
  'application_request_signing',
  'application_sso_options',
  'application_slo_soap',
  'application_single_logout',
  'signing_keys',
] as const;

// An upsert, not an UPDATE: a database emptied by TRUNCATE (tests) must not leave the version standing still.
const BUMP = sql.raw(
  'INSERT INTO config_version (id, version) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET version = config_version.version + 1',
);

export async function createConfigVersion(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('config_version')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.insertInto('config_version').values({ id: 1, version: 1 }).execute();
  if (dialect.engine === 'postgres') {
    await sql`CREATE FUNCTION idp_bump_config_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${BUMP}; RETURN NULL; END $$`.execute(db);
  }
  for (const table of CONFIG_VERSIONED_TABLES) {
    if (dialect.engine === 'postgres') {
      await sql`CREATE TRIGGER ${sql.raw(`${table}_config_version`)} AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)}
        FOR EACH STATEMENT EXECUTE FUNCTION idp_bump_config_version()`.execute(db);
      continue;
    }
    for (const op of ['insert', 'update', 'delete']) {
      await sql`CREATE TRIGGER ${sql.raw(`${table}_config_version_${op}`)} AFTER ${sql.raw(op.toUpperCase())} ON ${sql.table(table)}
        BEGIN ${BUMP}; END`.execute(db);
    }
  }
}
