// The IdP's view of web's engine differences (ARCHITECTURE.md §5): every repository gets one `Sql` context (the
// Kysely instance or transaction, and the dialect helpers) and calls these; none tests the engine itself.
import { guardUnique, type SqlDialect } from '@samlbridge/web';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';

export interface Sql {
  db: Kysely<Database>;
  dialect: SqlDialect;
}

/**
 * The key of the old `*_key` columns (NFC + lower-case): still the uniqueness key of group names,
 * admin emails, and of the users' old `username_key` / `email_key` columns, which the identity-key
 * migration keeps. Users are looked up by `usernameKey` / `emailKey` (@samlbridge/protocol).
 */
export function key(value: string): string {
  return value.normalize('NFC').toLowerCase();
}

/** Field named in the 409 of a unique violation on `table.column`. */
const FIELD_BY_COLUMN: Record<string, string> = {
  'users.username_key': 'username',
  'users.email_key': 'email',
  'users.username_precis_key': 'username',
  'users.email_precis_key': 'email',
  'user_groups.name_key': 'name',
  'applications.name': 'name',
  'admins.email_key': 'email',
  'api_keys.name': 'name',
};

/** Runs a write; a unique violation becomes the 409 `conflict` the services raise themselves (race-safe). */
export function guarded<T>({ dialect }: Sql, fn: () => Promise<T>): Promise<T> {
  return guardUnique(dialect, FIELD_BY_COLUMN, fn);
}
