import { planIdentityKeys, type SqliteMigration } from '@samlbridge/web';

/**
 * Usernames and emails compared by the Unicode rule of @samlbridge/protocol (usernameKey / emailKey,
 * RFC 8265 §3.3) instead of NFC + lower-case: new key columns filled in TypeScript, unique per key
 * among users not flagged. Users whose new key an earlier user already holds are flagged in
 * `username_conflict` / `email_conflict` and left out of that index (reported at every start until
 * renamed). The old `username_key` / `email_key` columns stay (SQLite cannot drop their UNIQUE in
 * place) and keep the old key.
 */
export const identityKeysMigration: SqliteMigration = (db) => {
  db.exec(`
    ALTER TABLE users ADD COLUMN username_precis_key TEXT;
    ALTER TABLE users ADD COLUMN email_precis_key TEXT;
    ALTER TABLE users ADD COLUMN username_conflict TEXT;
    ALTER TABLE users ADD COLUMN email_conflict TEXT;
  `);
  const rows = db
    .prepare<[], { id: string; username: string; email: string }>('SELECT id, username, email FROM users ORDER BY created_at, id')
    .all();
  const set = db.prepare(
    'UPDATE users SET username_precis_key = ?, email_precis_key = ?, username_conflict = ?, email_conflict = ? WHERE id = ?',
  );
  for (const p of planIdentityKeys(rows.map((r) => ({ ...r, scope: '' })))) {
    set.run(p.usernameKey, p.emailKey, p.usernameConflict, p.emailConflict, p.id);
  }
  db.exec(`
    CREATE UNIQUE INDEX users_username_precis_key ON users (username_precis_key) WHERE username_conflict IS NULL;
    CREATE UNIQUE INDEX users_email_precis_key ON users (email_precis_key) WHERE email_conflict IS NULL;
  `);
};
