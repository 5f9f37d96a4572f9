// SP users (TalentLMS users; SCIM /Users): SCIM search (filter compiled to SQL), one-statement replace,
// trash / restore / permanent delete. Login and email are unique per tenant by their identity keys
// (usernameKey / emailKey of @samlbridge/protocol, RFC 8265 §3.3).
import { emailKey, usernameKey } from '@samlbridge/protocol';
import { affected, type IdentityConflict, pageOf, type RowOf, rowMapper, snakeColumns, type WithGenerated } from '@samlbridge/web';
import { type Insertable, type Kysely, sql } from 'kysely';
import type { Database } from './database.js';
import { refuseDuplicates, type SpDialect } from './dialect.js';
import type { UserAttr } from './filter.js';
import { compileFilter, userColumns } from './filter-sql.js';
import { ACCOUNT_DEFAULTS, type LmsUser, type NewUser, type PageQuery, type UserFields } from './types.js';

const COLUMNS = snakeColumns<LmsUser>()(
  {
    text: [
      'tenant',
      'login',
      'email',
      'firstName',
      'lastName',
      'passwordHash',
      'externalId',
      'displayName',
      'formattedName',
      'timezone',
      'userType',
    ],
    date: ['createdAt', 'updatedAt'],
    'date?': ['lastLoginAt', 'deletedAt'],
    bool: ['active'],
    number: ['id'],
  },
  {
    role: ['role', { from: (v) => (v === 'superadmin' ? 'superadmin' : 'learner') }],
    // An origin this code did not write counts as local: SSO never signs in as an account of unknown origin.
    createdVia: ['created_via', { from: (v) => (v === 'sso' || v === 'scim' ? v : 'local') }],
  },
);
// `id`: the numeric SCIM ID, never given again (SQLite: above user_id_floor; PostgreSQL: identity sequence).
export interface UsersTable
  extends WithGenerated<Omit<RowOf<LmsUser, typeof COLUMNS>, 'role' | 'created_via'>, 'id' | 'display_name' | 'formatted_name'> {
  role: string;
  created_via: string;
  /** usernameKey(login) of @samlbridge/protocol: unique per tenant among users not flagged. */
  login_key: string | null;
  /** emailKey(email): unique per tenant when non-empty, among users not flagged. */
  email_key: string | null;
  login_conflict: string | null;
  email_conflict: string | null;
}

export function createUserRepo(db: Kysely<Database>, d: SpDialect) {
  const { fromRow: toUser, toPatch } = rowMapper<LmsUser, UsersTable>(d, COLUMNS);
  const users = () => db.selectFrom('users').selectAll();
  const one = async (tenant: string, id: number) => {
    const row = await users().where('tenant', '=', tenant).where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  };
  /** Sets the fields `patch` has on the tenant's user (only one in the trash, or out of it, when `trashed` is given); rows changed. */
  const setUser = async (tenant: string, id: number, patch: Partial<LmsUser>, trashed?: boolean) => {
    let query = db.updateTable('users').set(toPatch(patch)).where('tenant', '=', tenant).where('id', '=', id);
    if (trashed !== undefined) query = query.where('deleted_at', trashed ? 'is not' : 'is', null);
    return affected(await query.executeTakeFirstOrThrow());
  };
  // A flagged user whose key changes leaves its conflict (the right of SET reads the old values).
  const keepConflictIf = (keyColumn: 'login_key' | 'email_key', conflict: 'login_conflict' | 'email_conflict', key: string) =>
    sql<string | null>`CASE WHEN ${sql.ref(keyColumn)} = ${key} THEN ${sql.ref(conflict)} END`;
  /** Account defaults the extension attributes fall back to when filtering (RFC 7644 §3.4.2.2 on the effective value). */
  const defaultsFor = async (tenant: string) => {
    const row = await db.selectFrom('account_settings').select('timezone').where('tenant', '=', tenant).executeTakeFirst();
    return { timezone: row?.timezone ?? ACCOUNT_DEFAULTS.timezone, userType: ACCOUNT_DEFAULTS.userType };
  };

  return {
    /**
     * By usernameKey (@samlbridge/protocol: userName is caseExact=false; case, width and accent encoding ignored);
     * trashed users included (their login stays reserved).
     */
    async findByLogin(tenant: string, login: string) {
      // Where the identity migration left two users with one key, the holder (not flagged) first.
      const row = await users()
        .where('tenant', '=', tenant)
        .where('login_key', '=', usernameKey(login))
        .orderBy(sql`login_conflict IS NOT NULL`)
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      return row && toUser(row);
    },
    /** Trashed users included (check `deletedAt`). */
    findById: one,
    /**
     * Throws UniqueViolation('login' | 'email'): login unique by usernameKey, non-empty email unique by emailKey in
     * the tenant, trashed included.
     */
    async create(u: NewUser, now: Date) {
      const id = d.newId('users');
      const row = await refuseDuplicates(d, () =>
        db
          .insertInto('users')
          .values({
            ...(id === undefined ? {} : { id }),
            ...(toPatch({ ...u, active: u.active !== false }) as Insertable<UsersTable>),
            created_at: d.toDbDate(now),
            updated_at: d.toDbDate(now),
            login_key: usernameKey(u.login),
            email_key: emailKey(u.email),
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
      return toUser(row);
    },
    /** Re-syncs the profile fields the IdP owns. Throws UniqueViolation('email'). */
    async updateProfile(tenant: string, id: number, p: { email: string; firstName: string; lastName: string }, now: Date) {
      const key = emailKey(p.email);
      await refuseDuplicates(d, () =>
        db
          .updateTable('users')
          .set({
            ...toPatch({ ...p, updatedAt: now }),
            email_conflict: keepConflictIf('email_key', 'email_conflict', key),
            email_key: key,
          })
          .where('tenant', '=', tenant)
          .where('id', '=', id)
          .execute(),
      );
    },
    async touchLogin(tenant: string, id: number, now: Date) {
      await setUser(tenant, id, { lastLoginAt: now });
    },
    async setActive(tenant: string, id: number, active: boolean, now: Date) {
      await setUser(tenant, id, { active, updatedAt: now });
    },
    /** Users ordered by login; the trash only when `trashed` is true, otherwise users not in the trash. */
    async list(tenant: string, { trashed = false }: { trashed?: boolean } = {}) {
      const rows = await users()
        .where('tenant', '=', tenant)
        .where('deleted_at', trashed ? 'is not' : 'is', null)
        .orderBy('login')
        .execute();
      return rows.map(toUser);
    },
    /** Filtered page of users not in the trash, ordered by id; the filter runs in SQL. */
    async search(tenant: string, { filter, startIndex, count }: PageQuery<UserAttr>) {
      const cond = filter ? compileFilter(filter, userColumns(await defaultsFor(tenant))) : sql<boolean>`1 = 1`;
      const live = db.selectFrom('users as u').where('u.tenant', '=', tenant).where('u.deleted_at', 'is', null).where(cond);
      const { total, items } = await pageOf(live, (q) => q.orderBy('u.id'), toUser, { limit: count, offset: startIndex - 1 });
      return { total, users: items };
    },
    /** Replaces every SCIM-writable field in one statement; throws UniqueViolation. Returns the updated user. */
    async replace(tenant: string, id: number, f: UserFields, now: Date) {
      // One statement: every SCIM-writable field at once; passwordHash undefined keeps, null clears.
      const loginKey = usernameKey(f.login);
      const key = emailKey(f.email);
      const row = await refuseDuplicates(d, () =>
        db
          .updateTable('users')
          .set({
            ...toPatch({ ...f, updatedAt: now }),
            login_conflict: keepConflictIf('login_key', 'login_conflict', loginKey),
            login_key: loginKey,
            email_conflict: keepConflictIf('email_key', 'email_conflict', key),
            email_key: key,
          })
          .where('tenant', '=', tenant)
          .where('id', '=', id)
          .where('deleted_at', 'is', null)
          .returningAll()
          .executeTakeFirst(),
      );
      if (!row) throw new Error(`user ${id} vanished during update`);
      return toUser(row);
    },
    /** Moves to the trash (soft delete); false when absent or already there. */
    trash: async (tenant: string, id: number, now: Date) => (await setUser(tenant, id, { deletedAt: now, updatedAt: now }, false)) === 1,
    /** Takes out of the trash; false when the user is not in the trash. */
    restore: async (tenant: string, id: number, now: Date) => (await setUser(tenant, id, { deletedAt: null, updatedAt: now }, true)) === 1,
    /** Permanent delete (only from the trash): the row and its group memberships go; the email is released. */
    async purge(tenant: string, id: number) {
      return db.transaction().execute(async (trx) => {
        const result = await trx
          .deleteFrom('users')
          .where('tenant', '=', tenant)
          .where('id', '=', id)
          .where('deleted_at', 'is not', null)
          .executeTakeFirst();
        const gone = result.numDeletedRows === 1n;
        if (gone) await d.retireId(trx, 'users', id);
        return gone;
      });
    },
    /** Users the identity-key migration flagged (their key was an earlier user's), for the start-up report. */
    async identityConflicts(): Promise<IdentityConflict[]> {
      const rows = await users()
        .where((eb) => eb.or([eb('login_conflict', 'is not', null), eb('email_conflict', 'is not', null)]))
        .orderBy('tenant')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: Number(r.id),
        scope: r.tenant,
        username: r.login,
        usernameConflict: r.login_conflict,
        emailConflict: r.email_conflict,
      }));
    },
    /** Which of `ids` are users of the tenant not in the trash. */
    async existingIds(tenant: string, ids: number[]) {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('users')
        .select('id')
        .where('tenant', '=', tenant)
        .where('id', 'in', ids)
        .where('deleted_at', 'is', null)
        .execute();
      const found = new Set(rows.map((r) => Number(r.id)));
      return ids.filter((id) => found.has(id));
    },
  };
}
