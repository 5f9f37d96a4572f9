import { type PostgresMigration, planIdentityKeys } from '@samlbridge/web';

/** The PostgreSQL twin of sqlite/identity-keys-migration.ts (same columns, flags and partial unique indexes). */
export const identityKeysMigration: PostgresMigration = async (db) => {
  await db.query(`
    ALTER TABLE users ADD COLUMN username_precis_key TEXT;
    ALTER TABLE users ADD COLUMN email_precis_key TEXT;
    ALTER TABLE users ADD COLUMN username_conflict TEXT;
    ALTER TABLE users ADD COLUMN email_conflict TEXT;
  `);
  const { rows } = await db.query<{ id: string; username: string; email: string }>(
    'SELECT id, username, email FROM users ORDER BY created_at, id COLLATE "C"',
  );
  for (const p of planIdentityKeys(rows.map((r) => ({ ...r, scope: '' })))) {
    await db.query(
      'UPDATE users SET username_precis_key = $1, email_precis_key = $2, username_conflict = $3, email_conflict = $4 WHERE id = $5',
      [p.usernameKey, p.emailKey, p.usernameConflict, p.emailConflict, p.id],
    );
  }
  await db.query(`
    CREATE UNIQUE INDEX users_username_precis_key ON users (username_precis_key) WHERE username_conflict IS NULL;
    CREATE UNIQUE INDEX users_email_precis_key ON users (email_precis_key) WHERE email_conflict IS NULL;
  `);
};
