// What the frozen legacy migration lists of both apps write alike (ARCHITECTURE.md §5): the per-engine column types
// their SQL was written with, the login_throttle table as released, and the identity-key step. The lists still
// produce exactly the SQL they always ran; they just say it once for both engines.
import { planIdentityKeys } from './identity-keys.js';
import type { PostgresMigration } from './postgres-migrations.js';
import type { SqliteMigration } from './sqlite.js';

/** The column types and literals a legacy statement was written with on each engine. */
export interface LegacyTypes {
  engine: 'sqlite' | 'postgres';
  time: string;
  bool: string;
  json: string;
  false: string;
  true: string;
}

export const LEGACY_SQLITE: LegacyTypes = { engine: 'sqlite', time: 'TEXT', bool: 'INTEGER', json: 'TEXT', false: '0', true: '1' };
export const LEGACY_POSTGRES: LegacyTypes = {
  engine: 'postgres',
  time: 'TIMESTAMPTZ',
  bool: 'BOOLEAN',
  json: 'JSONB',
  false: 'FALSE',
  true: 'TRUE',
};

/** web's throttle table as both apps released it. */
export const legacyThrottleTable = (t: LegacyTypes): string => `
  CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    window_start ${t.time} NOT NULL,
    locked_until ${t.time}
  );
`;

export interface LegacyIdentityKeys {
  /** The four columns added to `users` (username key, email key, their conflicts), with their types. */
  columns: readonly [string, string, string, string];
  /** The users to key, oldest first: `id`, `scope`, `username`, `email`. */
  select: string;
  /** The indexes that make the keys unique once they are filled. */
  indexes: string;
}

/**
 * Identity keys filled in TypeScript by the Unicode rule of @samlbridge/protocol (planIdentityKeys): a user whose
 * key an earlier user of the scope already holds is flagged in the conflict column, left out of the unique index.
 */
export function legacyIdentityKeys(spec: LegacyIdentityKeys): { sqlite: SqliteMigration; postgres: PostgresMigration } {
  const add = spec.columns.map((c) => `ALTER TABLE users ADD COLUMN ${c};`).join('\n');
  const names = spec.columns.map((c) => c.split(' ')[0]);
  const update = (p: (i: number) => string) =>
    `UPDATE users SET ${names.map((n, i) => `${n} = ${p(i + 1)}`).join(', ')} WHERE id = ${p(5)}`;
  type Row = { id: string; scope: string; username: string; email: string };
  const plan = (rows: Row[]) => planIdentityKeys(rows).map((p) => [p.usernameKey, p.emailKey, p.usernameConflict, p.emailConflict, p.id]);
  return {
    sqlite: (db) => {
      db.exec(add);
      const set = db.prepare(update(() => '?'));
      for (const values of plan(db.prepare<[], Row>(spec.select).all())) set.run(...values);
      db.exec(spec.indexes);
    },
    postgres: async (db) => {
      await db.query(add);
      for (const values of plan((await db.query<Row>(spec.select)).rows))
        await db.query(
          update((i) => `$${i}`),
          values,
        );
      await db.query(spec.indexes);
    },
  };
}
