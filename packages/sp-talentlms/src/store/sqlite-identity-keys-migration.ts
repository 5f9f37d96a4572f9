import { planIdentityKeys, type SqliteMigration } from '@samlbridge/web';

/**
 * Logins and emails compared by the Unicode rule of @samlbridge/protocol (usernameKey / emailKey,
 * RFC 8265 §3.3) instead of SQL LOWER() (ASCII only): `login_key` / `email_key` filled in TypeScript,
 * unique per tenant among users not flagged (replacing users_login_ci / users_email_ci). A user whose
 * key an earlier user of the tenant already holds is flagged in `login_conflict` / `email_conflict`
 * and left out of that index (reported at every start until renamed); nothing is merged or deleted.
 */
export const identityKeysMigration: SqliteMigration = (db) => {
  db.exec(`
    ALTER TABLE users ADD COLUMN login_key TEXT;
    ALTER TABLE users ADD COLUMN email_key TEXT;
    ALTER TABLE users ADD COLUMN login_conflict TEXT;
    ALTER TABLE users ADD COLUMN email_conflict TEXT;
  `);
  const rows = db
    .prepare<[], { id: number; tenant: string; login: string; email: string }>(
      'SELECT id, tenant, login, email FROM users ORDER BY created_at, id',
    )
    .all();
  const set = db.prepare('UPDATE users SET login_key = ?, email_key = ?, login_conflict = ?, email_conflict = ? WHERE id = ?');
  for (const p of planIdentityKeys(rows.map((r) => ({ id: r.id, scope: r.tenant, username: r.login, email: r.email })))) {
    set.run(p.usernameKey, p.emailKey, p.usernameConflict, p.emailConflict, p.id);
  }
  db.exec(`
    DROP INDEX users_login_ci;
    DROP INDEX users_email_ci;
    CREATE UNIQUE INDEX users_login_key ON users (tenant, login_key) WHERE login_conflict IS NULL;
    CREATE UNIQUE INDEX users_email_key ON users (tenant, email_key) WHERE email_key <> '' AND email_conflict IS NULL;
    CREATE INDEX users_login_key_lookup ON users (tenant, login_key);
  `);
};
