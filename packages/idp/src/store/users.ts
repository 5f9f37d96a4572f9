// Users, written once for both engines. Looked up by the identity keys (usernameKey / emailKey); the old
// NFC + lower-case key columns are kept in step with their field.
import { emailKey, usernameKey } from '@samlbridge/protocol';
import { type Columns, containsIgnoringCase, type IdentityConflict, matchesPattern, type RowOf, table } from '@samlbridge/web';
import { type SelectQueryBuilder, sql, type Updateable } from 'kysely';
import type { Page, User, UserRecord } from '../domain.js';
import { guarded, key, type Sql } from './dialect.js';
import type { ListOptions, UserPatch } from './types.js';

// biome-ignore lint/suspicious/noExplicitAny: any select query over the users table.
type AnySelectQuery = SelectQueryBuilder<any, any, any>;

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

/**
 * The queries of a Users list page. Big directories (ARCHITECTURE.md §5): the index users_list (migration
 * 2026-12-03-130) is in this order and holds every searched column, so the page's ids and the total come from
 * the index alone (an OFFSET skips index entries, never rows; a search scans the index, not the table); the
 * repository then reads only the page's rows.
 */
export function userListQueries({ db, dialect }: Sql, { search, limit, offset }: ListOptions) {
  let matching = db.selectFrom('users');
  if (search) {
    const term = usernameKey(search);
    matching = matching.where((eb) =>
      eb.or([
        matchesPattern('username_precis_key', term),
        matchesPattern('email_precis_key', term),
        containsIgnoringCase(sql`first_name || ' ' || last_name`, term),
      ]),
    );
  }
  const order = <Q extends AnySelectQuery>(q: Q) => q.orderBy(dialect.binary('username_precis_key')).orderBy(dialect.binary('id')) as Q;
  return {
    pageIds: order(matching.select('id')).limit(limit).offset(offset),
    count: matching.select((eb) => eb.fn.countAll().as('n')),
    order,
  };
}

/** The lookup of a user by identity key: the holder of the key first (a flagged twin only when it is alone). */
export function holderQuery({ db, dialect }: Sql, column: 'username' | 'email', value: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where(`${column}_precis_key`, '=', value)
    .orderBy(sql`${sql.ref(`${column}_conflict`)} is not null`)
    .orderBy('created_at')
    .orderBy(dialect.binary('id'))
    .limit(1);
}

export function users(ctx: Sql) {
  const { db, dialect } = ctx;
  const t = table<UserRecord, UsersTable>(db, dialect, 'users', COLUMNS);
  // The holder of the key first (a flagged twin only when it is alone).
  const holderOf = async (column: 'username' | 'email', value: string) => {
    const row = await holderQuery(ctx, column, value).executeTakeFirst();
    return row && t.fromRow(row);
  };

  return {
    /** `hints.password`: the plaintext just hashed into `user.passwordHash`, for provisioning to hold sealed (never stored in clear). */
    async insert(u: UserRecord, _hints?: { password?: string }) {
      const keys = { username_key: key(u.username), username_precis_key: usernameKey(u.username) };
      await guarded(ctx, () => t.insert(u, { ...keys, email_key: key(u.email), email_precis_key: emailKey(u.email) }));
    },
    /** `hints.password`: the plaintext just hashed into `patch.passwordHash`, for provisioning to push (never stored in clear). */
    async update(id: string, patch: UserPatch, updatedAt: Date, _hints?: { password?: string }) {
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
    delete: async (id: string) => (await t.delete({ id })) > 0,
    get: (id: string) => t.find({ id }),
    /**
     * By `usernameKey` (@samlbridge/protocol: case, width and composition ignored). Where the identity migration left
     * two users with one key, the one holding it (not flagged) is returned.
     */
    findByUsername: (username: string) => holderOf('username', usernameKey(username)),
    /** By `emailKey`, like findByUsername. */
    findByEmail: (email: string) => holderOf('email', emailKey(email)),
    /** Users the identity-key migration flagged (their key was an earlier user's), for the start-up report. */
    async identityConflicts(): Promise<IdentityConflict[]> {
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
    async list({ search, limit, offset }: ListOptions): Promise<Page<User>> {
      const { pageIds, count, order } = userListQueries(ctx, { search, limit, offset });
      const ids = (await pageIds.execute()).map((k) => k.id);
      const counted = await count.executeTakeFirstOrThrow();
      const rows = ids.length ? await order(db.selectFrom('users').selectAll().where('id', 'in', ids)).execute() : [];
      const items = rows.map((r) => {
        const { passwordHash: _omit, ...user } = t.fromRow(r);
        return user;
      });
      return { items, total: Number(counted.n), limit, offset };
    },
  };
}

/** The users table's column mapping, for the batched reads of store/provisioning-batch-reads.ts. */
export { COLUMNS as USER_COLUMNS };
