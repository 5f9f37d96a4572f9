import { SamlbridgeError } from '@samlbridge/errors';
/**
 * The key of the old `*_key` columns (NFC + lower-case): still the uniqueness key of group names,
 * admin emails, and of the users' old `username_key` / `email_key` columns, which the identity-key
 * migration keeps. Users are looked up by `usernameKey` / `emailKey` (@samlbridge/protocol).
 */
export function key(value: string): string {
  return value.normalize('NFC').toLowerCase();
}

export const iso = (d: Date): string => d.toISOString();
export const date = (s: string): Date => new Date(s);

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

/** Turns a UNIQUE violation into the 409 `conflict` the services raise themselves (race-safe). */
export function mapConstraint(err: unknown): never {
  const e = err as { code?: string; message?: string };
  if (e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const column = /constraint failed: ([\w.]+)/.exec(e.message ?? '')?.[1] ?? '';
    const field = FIELD_BY_COLUMN[column] ?? column;
    throw new SamlbridgeError('conflict', `Another record already uses this ${field}`, {
      status: 409,
      details: [{ field, message: `already in use` }],
      cause: err,
    });
  }
  throw err;
}

/** Runs a write and maps constraint violations. */
export function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    return mapConstraint(err);
  }
}
