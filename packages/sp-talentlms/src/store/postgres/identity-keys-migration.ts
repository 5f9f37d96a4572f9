import { type PostgresMigration, planIdentityKeys } from '@samlbridge/web';

/** The PostgreSQL twin of sqlite-identity-keys-migration.ts (same columns, flags and indexes). */
export const identityKeysMigration: PostgresMigration = async (db) => {
  await db.query(`
    ALTER TABLE users ADD COLUMN login_key TEXT COLLATE "C";
    ALTER TABLE users ADD COLUMN email_key TEXT COLLATE "C";
    ALTER TABLE users ADD COLUMN login_conflict TEXT;
    ALTER TABLE users ADD COLUMN email_conflict TEXT;
  `);
  const { rows } = await db.query<{ id: number; tenant: string; login: string; email: string }>(
    'SELECT id, tenant, login, email FROM users ORDER BY created_at, id',
  );
  for (const p of planIdentityKeys(rows.map((r) => ({ id: r.id, scope: r.tenant, username: r.login, email: r.email })))) {
    await db.query('UPDATE users SET login_key = $1, email_key = $2, login_conflict = $3, email_conflict = $4 WHERE id = $5', [
      p.usernameKey,
      p.emailKey,
      p.usernameConflict,
      p.emailConflict,
      p.id,
    ]);
  }
  await db.query(`
    DROP INDEX users_login_ci;
    DROP INDEX users_email_ci;
    CREATE UNIQUE INDEX users_login_key ON users (tenant, login_key) WHERE login_conflict IS NULL;
    CREATE UNIQUE INDEX users_email_key ON users (tenant, email_key) WHERE email_key <> '' AND email_conflict IS NULL;
    CREATE INDEX users_login_key_lookup ON users (tenant, login_key);
  `);
};
