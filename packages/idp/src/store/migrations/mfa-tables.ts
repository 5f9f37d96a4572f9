// The MFA tables (second factors, recovery codes, policy rules and settings): one schema-builder step for both
// engines; the column types are the engine's own for timestamps, booleans and JSON (web's column types).
import { type NamedMigration, optionalColumns, requiredColumns } from '@samlbridge/web';

export const createMfaTables: NamedMigration['up'] = async (db, dialect) => {
  const pg = dialect.engine === 'postgres';
  const time = pg ? 'timestamptz' : 'text';
  const bool = pg ? 'boolean' : 'integer';
  const json = pg ? 'jsonb' : 'text';
  await db.schema
    .createTable('mfa_factors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .$call(requiredColumns('text', 'owner', 'kind', 'name'))
    .addColumn('secret_sealed', 'text')
    .addColumn('data', json)
    .addColumn('last_used_step', 'bigint')
    .$call(optionalColumns(time, 'confirmed_at', 'last_used_at'))
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mfa_factors_owner').on('mfa_factors').column('owner').execute();
  await db.schema
    .createTable('mfa_recovery_codes')
    .$call(requiredColumns('text', 'owner', 'code_hash'))
    .addColumn('used_at', time)
    .addColumn('created_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('mfa_recovery_codes_pk', ['owner', 'code_hash'])
    .execute();
  await db.schema
    .createTable('mfa_rules')
    .$call(requiredColumns('text', 'scope', 'subject_id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('mfa_rules_pk', ['scope', 'subject_id'])
    .execute();
  await db.schema
    .createTable('mfa_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('grace_seconds', 'integer', (c) => c.notNull())
    .addColumn('require_for_admins', bool, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('mfa_enrolment_deadlines')
    .addColumn('owner', 'text', (c) => c.primaryKey())
    .addColumn('deadline', time, (c) => c.notNull())
    .execute();
};
