// Seeds a big directory straight into the database, for the scale benchmark (bench/scale.ts): multi-row INSERTs
// in transactions of a few thousand rows, every password the ONE hash the caller passes (scrypt once, not per
// user). The rows are what the stores write (identity keys of @samlbridge/protocol, NFC lower-case old keys).
import { emailKey, usernameKey } from '@samlbridge/protocol';
import { type DatabaseTarget, openKysely } from '@samlbridge/web';
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: raw rows of either app's tables.
type AnyKysely = Kysely<any>;

const FIRST = ['Olivia', 'Liam', 'Emma', 'Noah', 'Amelia', 'Oliver', 'Sophia', 'Elijah', 'Mia', 'James', 'Ava', 'Lucas', 'Zoé', 'Björn'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'García', 'Miller', 'Davis', 'Müller', 'Wilson', 'Anderson', 'Thomas'];

/** The i-th seeded person: a realistic name, a unique username and email. */
export function person(i: number): { username: string; email: string; firstName: string; lastName: string } {
  const firstName = FIRST[i % FIRST.length] as string;
  const lastName = LAST[Math.floor(i / FIRST.length) % LAST.length] as string;
  const base = `${firstName}.${lastName}`.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return { username: `${base}${i}`.toLowerCase(), email: `${base}${i}@example.com`.toLowerCase(), firstName, lastName };
}

const BATCH = 2000;
const ROWS_PER_INSERT = 500;

async function insertAll(db: AnyKysely, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    await db.transaction().execute(async (trx) => {
      for (let j = 0; j < batch.length; j += ROWS_PER_INSERT) {
        await trx
          .insertInto(table)
          .values(batch.slice(j, j + ROWS_PER_INSERT))
          .execute();
      }
    });
  }
}

const nfcLower = (s: string) => s.normalize('NFC').toLowerCase();

export interface IdpSeed {
  /** Users to add (ids `scale-u-<i>`, people `person(i)`). */
  users: number;
  /** The password hash every seeded user gets. */
  passwordHash: string;
  /** A group (already created, e.g. the demo's bound group) that gets the first `boundMembers` users. */
  boundGroupId: string;
  boundMembers: number;
  /** Department groups: every user is in one of them. */
  departments: number;
  /** A group of its own holding every seeded user, not bound (the provisioning run binds it); omitted when absent. */
  allGroupId?: string;
}

/** Adds `users` people, `departments` groups and their memberships to an IdP database (already migrated). */
export async function seedIdpDirectory(target: DatabaseTarget, seed: IdpSeed): Promise<void> {
  const database = await openKysely<unknown>(target);
  const db = database.db as AnyKysely;
  try {
    const { dialect } = database;
    const now = dialect.toDbDate(new Date());
    const users = Array.from({ length: seed.users }, (_, i) => {
      const p = person(i);
      return {
        id: `scale-u-${i}`,
        username: p.username,
        username_key: nfcLower(p.username),
        username_precis_key: usernameKey(p.username),
        email: p.email,
        email_key: nfcLower(p.email),
        email_precis_key: emailKey(p.email),
        first_name: p.firstName,
        last_name: p.lastName,
        first_name_key: usernameKey(p.firstName),
        last_name_key: usernameKey(p.lastName),
        password_hash: seed.passwordHash,
        status: 'active',
        created_at: now,
        updated_at: now,
      };
    });
    await insertAll(db, 'users', users);
    const groups = Array.from({ length: seed.departments }, (_, k) => ({
      id: `scale-g-${k}`,
      name: `Department ${k}`,
      name_key: `department ${k}`,
      description: 'Seeded by the scale benchmark',
      created_at: now,
    }));
    if (seed.allGroupId) groups.push({ id: seed.allGroupId, name: 'Everyone', name_key: 'everyone', description: '', created_at: now });
    await insertAll(db, 'user_groups', groups);
    const members: { group_id: string; user_id: string }[] = [];
    for (let i = 0; i < seed.users; i++) {
      members.push({ group_id: `scale-g-${i % seed.departments}`, user_id: `scale-u-${i}` });
      if (i < seed.boundMembers) members.push({ group_id: seed.boundGroupId, user_id: `scale-u-${i}` });
      if (seed.allGroupId) members.push({ group_id: seed.allGroupId, user_id: `scale-u-${i}` });
    }
    await insertAll(db, 'group_members', members);
    // PostgreSQL's autovacuum would vacuum and analyze the new rows within a minute; do it now. SQLite: the app never runs ANALYZE.
    if (dialect.engine === 'postgres') await sql`vacuum analyze`.execute(db);
  } finally {
    await database.close();
  }
}

/** Adds `users` SCIM-created users (login `person(i).username`, externalId `ext-<i>`) to the SP's tenant. */
export async function seedSpUsers(target: DatabaseTarget, tenant: string, users: number): Promise<void> {
  const database = await openKysely<unknown>(target);
  const db = database.db as AnyKysely;
  try {
    const { dialect } = database;
    const now = dialect.toDbDate(new Date());
    const rows = Array.from({ length: users }, (_, i) => {
      const p = person(i);
      return {
        ...(dialect.engine === 'sqlite' ? { id: i + 1 } : {}),
        tenant,
        login: p.username,
        email: p.email,
        first_name: p.firstName,
        last_name: p.lastName,
        active: dialect.toDbBool(true),
        role: 'learner',
        created_via: 'scim',
        created_at: now,
        updated_at: now,
        external_id: `ext-${i}`,
        login_key: usernameKey(p.username),
        email_key: emailKey(p.email),
      };
    });
    await insertAll(db, 'users', rows);
    if (dialect.engine === 'postgres') await sql`vacuum analyze`.execute(db);
  } finally {
    await database.close();
  }
}
