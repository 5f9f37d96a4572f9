// The passkey tables (one-time WebAuthn challenges, the passkey-only setting): one schema-builder step for both engines.
import type { NamedMigration } from '@samlbridge/web';

export const createPasskeyTables: NamedMigration['up'] = async (db, dialect) => {
  const pg = dialect.engine === 'postgres';
  const time = pg ? 'timestamptz' : 'text';
  await db.schema
    .createTable('passkey_challenges')
    .addColumn('challenge', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('expires_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('passkey_challenges_expires').on('passkey_challenges').column('expires_at').execute();
  await db.schema
    .createTable('passkey_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('allow_passkey_only', pg ? 'boolean' : 'integer', (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
};
