// Users, written once for both engines. Looked up by the identity keys (usernameKey / emailKey); the old
// NFC + lower-case key columns are kept in step with their field.
import { emailKey, usernameKey } from '@samlbridge/protocol';
import { type Columns, containsIgnoringCase, matchesPattern, pageOf, type RowOf, table } from '@samlbridge/web';
import { type Selectable, sql, type Updateable } from 'kysely';
import type { UserRecord } from '../domain.js';
import { guarded, key, type Sql } from './dialect.js';
import type { UserRepository } from './types.js';

const COLUMNS = {
  id: 'id',
  username: 'username',
  email: 'email',
  firstName: 'first_name',
  lastName: 'last_name',
  passwordHash: 'password_hash',
  status: 'status',
  createdAt: ['created_at', 'date'],
  updatedAt: ['updated_at', 'date'],
} as const satisfies Columns<UserRecord>;

export interface UsersTable extends RowOf<UserRecord, typeof COLUMNS> {
  /** The old key (NFC + lower-case), still unique. */
  username_key: string;
  username_precis_key: string | null;
  username_conflict: string | null;
  email_key: string;
  email_precis_key: string | null;
  email_conflict: string | null;
}

export function users(ctx: Sql): UserRepository {
  const { db, dialect } = ctx;
  const t = table<UserRecord, UsersTable>(db, dialect, 'users', COLUMNS);
  // The holder of the key first (a flagged twin only when it is alone).
  const holderOf = async (column: 'username' | 'email', value: string) => {
    const row = await db
      .selectFrom('users')
      .selectAll()
      .where(`${column}_precis_key`, '=', value)
      .orderBy(sql`${sql.ref(`${column}_conflict`)} is not null`)
      .orderBy('created_at')
      .orderBy(dialect.binary('id'))
      .limit(1)
      .executeTakeFirst();
    return row && t.fromRow(row);
  };

  return {
    async insert(u) {
      const keys = { username_key: key(u.username), username_precis_key: usernameKey(u.username) };
      await guarded(ctx, () => t.insert(u, { ...keys, email_key: key(u.email), email_precis_key: emailKey(u.email) }));
    },
    async update(id, patch, updatedAt) {
      const { username, email, ...rest } = patch;
      const row = await guarded(ctx, () =>
        db
          .updateTable('users')
          .set({ ...t.toPatch(rest), updated_at: dialect.toDbDate(updatedAt) })
          .set((eb) => {
            // The key columns follow their field; a flagged user renamed to a key of its own leaves the conflict.
            const more: Record<string, unknown> = {};
            if (username !== undefined) {
              const k = usernameKey(username);
              Object.assign(more, { username, username_key: key(username), username_precis_key: k });
              more.username_conflict = eb.case().when('username_precis_key', '=', k).then(eb.ref('username_conflict')).end();
            }
            if (email !== undefined) {
              const k = emailKey(email);
              Object.assign(more, { email, email_key: key(email), email_precis_key: k });
              more.email_conflict = eb.case().when('email_precis_key', '=', k).then(eb.ref('email_conflict')).end();
            }
            return more as Updateable<UsersTable>;
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst(),
      );
      return row && t.fromRow(row);
    },
    delete: async (id) => (await t.delete({ id })) > 0,
    get: (id) => t.find({ id }),
    findByUsername: (username) => holderOf('username', usernameKey(username)),
    findByEmail: (email) => holderOf('email', emailKey(email)),
    async identityConflicts() {
      const rows = await db
        .selectFrom('users')
        .selectAll()
        .where((eb) => eb.or([eb('username_conflict', 'is not', null), eb('email_conflict', 'is not', null)]))
        .orderBy('created_at')
        .orderBy(dialect.binary('id'))
        .execute();
      return rows.map((r) => ({
        id: r.id,
        scope: '',
        username: r.username,
        usernameConflict: r.username_conflict,
        emailConflict: r.email_conflict,
      }));
    },
    async list({ search, ...page }) {
      let query = db.selectFrom('users');
      if (search) {
        const term = usernameKey(search);
        query = query.where((eb) =>
          eb.or([
            matchesPattern('username_precis_key', term),
            matchesPattern('email_precis_key', term),
            containsIgnoringCase(sql`first_name || ' ' || last_name`, term),
          ]),
        );
      }
      const order = (q: typeof query) => q.orderBy(dialect.binary('username_precis_key')).orderBy(dialect.binary('id'));
      return pageOf(
        query,
        order,
        (r: Selectable<UsersTable>) => {
          const { passwordHash: _omit, ...user } = t.fromRow(r);
          return user;
        },
        page,
      );
    },
  };
}
