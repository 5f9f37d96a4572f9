// Users, written once for both engines. Looked up by the identity keys (usernameKey / emailKey); the old
// NFC + lower-case key columns are kept in step with their field.
import { emailKey, usernameKey } from '@samlbridge/protocol';
import { type IdentityConflict, type RowOf, snakeColumns, table } from '@samlbridge/web';
import { type SelectQueryBuilder, sql } from 'kysely';
import type { Page, User, UserRecord } from '../domain.js';
import { guarded, key, type Sql } from './dialect.js';
import type { ListOptions, UserPatch } from './types.js';
import { type Filter, userSearchTerm } from './user-search.js';

// biome-ignore lint/suspicious/noExplicitAny: any select query over the users table.
type AnySelectQuery = SelectQueryBuilder<any, any, any>;

const COLUMNS = snakeColumns<UserRecord>()({
  text: ['id', 'username', 'email', 'firstName', 'lastName', 'passwordHash', 'status'],
  date: ['createdAt', 'updatedAt'],
});

export interface UsersTable extends RowOf<UserRecord, typeof COLUMNS> {
  /** The old key (NFC + lower-case), still unique. */
  username_key: string;
  username_precis_key: string | null;
  username_conflict: string | null;
  email_key: string;
  email_precis_key: string | null;
  email_conflict: string | null;
  /** usernameKey of first_name / last_name: what the user search compares (user-search.ts). */
  first_name_key: string;
  last_name_key: string;
}

/** The key columns that follow the fields `u` has: the old keys (NFC + lower-case), the identity keys, the name keys. */
function keyColumns({ username, email, firstName, lastName }: Partial<UserRecord>) {
  return {
    ...(username === undefined ? {} : { username_key: key(username), username_precis_key: usernameKey(username) }),
    ...(email === undefined ? {} : { email_key: key(email), email_precis_key: emailKey(email) }),
    ...(firstName === undefined ? {} : { first_name_key: usernameKey(firstName) }),
    ...(lastName === undefined ? {} : { last_name_key: usernameKey(lastName) }),
  };
}

/**
 * The queries of a Users list page. Big directories (ARCHITECTURE.md §5): the index users_list (migration
 * 2026-12-03-140) is in list order and holds every searched key, so the page's ids and the total of an unsearched
 * list come from the index alone (an OFFSET skips index entries, never rows); a search (user-search.ts) finds its
 * users through the trigram index and sorts them when they are few, else walks users_list in order. The
 * repository then reads only the page's rows.
 */
export function userListQueries(ctx: Sql, { search, limit, offset }: ListOptions) {
  const { db, dialect } = ctx;
  const term = search ? userSearchTerm(ctx, search) : undefined;
  const order = <Q extends AnySelectQuery>(q: Q) => q.orderBy(dialect.binary('username_precis_key')).orderBy(dialect.binary('id')) as Q;
  const users = (filter?: Filter) => (filter ? db.selectFrom('users').where(filter) : db.selectFrom('users'));
  /** The page in list order, walking users_list and keeping the entries `filter` keeps. */
  const walkedPage = (filter?: Filter) => order(users(filter).select('id')).limit(limit).offset(offset);
  /** The page as the users `filter` finds, sorted. MATERIALIZED: PostgreSQL would otherwise walk users_list instead. */
  const foundPage = (filter?: Filter) =>
    order(
      db
        .with(
          (w) => w('found').materialized(),
          (qb) => (filter ? qb.selectFrom('users').where(filter) : qb.selectFrom('users')).select(['id', 'username_precis_key']),
        )
        .selectFrom('found')
        .select('id'),
    )
      .limit(limit)
      .offset(offset);
  return {
    term,
    /** The page walking users_list, checking keys (every list without a search; short and common terms). */
    pageIds: walkedPage(term?.walkFilter),
    /** The page as the matches the trigram index finds, sorted (few matches). */
    foundPageIds: foundPage(term?.findFilter),
    /** The page walking users_list, keeping the matches the trigram index found (SQLite, a few thousand matches). */
    memberPageIds: walkedPage(term?.memberFilter),
    /** The page when `total` users match the search. */
    pageFor: (total: number) => {
      const way = term?.pageWay(total);
      return way?.kind === 'found' ? foundPage(way.filter) : walkedPage(way?.filter);
    },
    count: users(term?.walkFilter).select((eb) => eb.fn.countAll().as('n')),
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
      await guarded(ctx, () => t.insert(u, keyColumns(u)));
    },
    /** `hints.password`: the plaintext just hashed into `patch.passwordHash`, for provisioning to push (never stored in clear). */
    async update(id: string, patch: UserPatch, updatedAt: Date, _hints?: { password?: string }) {
      const keys = keyColumns(patch);
      const row = await guarded(ctx, () =>
        db
          .updateTable('users')
          .set({ ...t.toPatch(patch), ...keys, updated_at: dialect.toDbDate(updatedAt) })
          // A flagged user renamed to a key of its own leaves the conflict (the right of SET reads the old values).
          .set((eb) => {
            const kept = (column: 'username' | 'email', k: string | undefined) =>
              k === undefined
                ? {}
                : {
                    [`${column}_conflict`]: eb
                      .case()
                      .when(`${column}_precis_key`, '=', k)
                      .then(eb.ref(`${column}_conflict`))
                      .end(),
                  };
            return { ...kept('username', keys.username_precis_key), ...kept('email', keys.email_precis_key) };
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
      const { term, pageIds, pageFor, count, order } = userListQueries(ctx, { search, limit, offset });
      let ids: string[];
      let total: number;
      if (term?.indexed) {
        // Counted through the trigram index; how many match chooses the way to the page (user-search.ts).
        total = await term.count();
        ids = offset >= total ? [] : (await pageFor(total).execute()).map((k) => k.id);
      } else {
        ids = (await pageIds.execute()).map((k) => k.id);
        // A first page that is not full holds every match: no count needed.
        total = offset === 0 && ids.length < limit ? ids.length : Number((await count.executeTakeFirstOrThrow()).n);
      }
      const rows = ids.length ? await order(db.selectFrom('users').selectAll().where('id', 'in', ids)).execute() : [];
      const items = rows.map((r) => {
        const { passwordHash: _omit, ...user } = t.fromRow(r);
        return user;
      });
      return { items, total, limit, offset };
    },
  };
}

/** The users table's column mapping, for the batched reads of store/provisioning-batch-reads.ts. */
export { COLUMNS as USER_COLUMNS };
