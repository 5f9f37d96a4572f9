// The two tables web's stores keep (`sessions`, `login_throttle`), created by one named migration step the way
// an app's list would create them: JSONB/TIMESTAMPTZ on PostgreSQL, JSON and ISO-8601 TEXT on SQLite.
import { sql } from 'kysely';
import { type KyselyDatabase, migrateToLatest, type NamedMigration, type WebTables } from '../../src/kysely/index.js';

export const CREATE_WEB_TABLES: NamedMigration = {
  name: '2026-12-03-002-web-tables',
  async up(db, dialect) {
    const json = dialect.engine === 'postgres' ? sql`jsonb` : sql`text`;
    const time = dialect.engine === 'postgres' ? sql`timestamptz` : sql`text`;
    await db.schema
      .createTable('sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('data', json, (c) => c.notNull())
      .addColumn('expires_at', time, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('login_throttle')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('window_start', time, (c) => c.notNull())
      .addColumn('locked_until', time)
      .execute();
  },
};

/** Brings a fresh database to the web tables (component `web`, no legacy steps). */
export async function migrateWebTables(database: KyselyDatabase<WebTables>): Promise<void> {
  await migrateToLatest(database, { legacy: { component: 'web', sqlite: [], postgres: [] }, steps: [CREATE_WEB_TABLES] });
}
