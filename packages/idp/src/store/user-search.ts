// The admin user search in big directories (ARCHITECTURE.md §5, migration 2026-12-03-140 users-search.ts): a
// case-insensitive substring match over the username, email and "first last" name keys (usernameKey of each field),
// LIKE metacharacters literal. A term of three or more characters is counted through the trigram index (SQLite FTS5
// `users_search`, PostgreSQL pg_trgm `users_search_trgm`); how many users match then chooses the way to the page
// (matches of a common term may all sit together in list order, e.g. one first name, so a walk that checks each
// entry is not cheap just because matches are many):
// - found (few matches): the matches, found through the trigram index, sorted; cost grows with the matches;
// - member walk (SQLite, a few thousand matches): a walk of the users_list index in list order that keeps the entries
//   the trigram index found (one set membership test per entry, no LIKE), ending at the page's end;
// - walk (many matches, and every one- or two-character term, which has no trigrams): a walk of users_list in list
//   order checking each entry's keys with LIKE, ending at the page's end: early for a common term. The total of a
//   short term is a count over that index (linear in the directory).
import { usernameKey } from '@samlbridge/protocol';
import { containsPattern, countRows, type Logger } from '@samlbridge/web';
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from './database.js';
import type { Sql } from './dialect.js';
import { USERS_SEARCH_TRGM_EXPRESSION, USERS_SEARCH_TRGM_INDEX, USERS_SEARCH_TRGM_TEXT } from './migrations/users-search.js';

/** Up to this many matches the page is the matches sorted (SQLite); PostgreSQL sorts up to WALKED_MATCHES. */
export const SORTED_MATCHES = 2000;

/** Above this many matches the page walks the list checking keys (the term is common: the walk ends early). */
export const WALKED_MATCHES = 20_000;

/** A trigram index serves terms of at least this many characters (code points). */
export const TRIGRAM_TERM = 3;

type UsersEb = ExpressionBuilder<Database, 'users'>;
export type Filter = (eb: UsersEb) => Expression<SqlBool>;

/** The way to one page of a search (see above). */
export type PageWay = { kind: 'found'; filter: Filter } | { kind: 'walk'; filter: Filter };

/** What one search asks of the store: its key, its filters of the users table, and the way to a page. */
export interface UserSearchTerm {
  /** The search's key (usernameKey), compared with the stored keys. */
  key: string;
  /** Served by the trigram index (a term of at least TRIGRAM_TERM characters). */
  indexed: boolean;
  /** The users whose keys contain the term: the LIKEs the users_list index serves in a walk. */
  walkFilter: Filter;
  /** The same users through the trigram index when `indexed` (else walkFilter). */
  findFilter: Filter;
  /** The same users as a set a walk of users_list tests each entry against (SQLite; else walkFilter). */
  memberFilter: Filter;
  /** The number of matches through the trigram index (else through the walk filter). */
  count(): Promise<number>;
  /** The way to a page when `total` users match. */
  pageWay(total: number): PageWay;
}

/** `"term"`: an FTS5 phrase (every character literal; a double quote doubled). */
const phrase = (key: string) => `"${key.replaceAll('"', '""')}"`;

export function userSearchTerm({ db, dialect }: Sql, search: string): UserSearchTerm {
  const key = usernameKey(search);
  const pattern = containsPattern(key);
  const indexed = [...key].length >= TRIGRAM_TERM;
  const walkFilter: Filter = (eb) =>
    eb.or([
      sql<SqlBool>`username_precis_key like ${pattern} escape '\\'`,
      sql<SqlBool>`email_precis_key like ${pattern} escape '\\'`,
      sql<SqlBool>`first_name_key || ' ' || last_name_key like ${pattern} escape '\\'`,
    ]);
  const countOf = (filter: Filter) => countRows(db.selectFrom('users').where(filter));
  const walk: PageWay = { kind: 'walk', filter: walkFilter };
  // A short term: every way is the walk.
  const walked: UserSearchTerm = {
    key,
    indexed,
    walkFilter,
    findFilter: walkFilter,
    memberFilter: walkFilter,
    count: () => countOf(walkFilter),
    pageWay: () => walk,
  };
  if (!indexed) return walked;
  if (dialect.engine === 'sqlite') {
    // FTS5 trigram phrase: a substring match of the indexed keys (users_search rowid = users rowid).
    const found = sql`select rowid from users_search where users_search match ${phrase(key)}`;
    const findFilter: Filter = () => sql<SqlBool>`rowid in (${found})`;
    // `+rowid`: not a rowid lookup, so the planner keeps the walk of users_list and tests each entry against the set.
    const memberFilter: Filter = () => sql<SqlBool>`+rowid in (${found})`;
    return {
      ...walked,
      findFilter,
      memberFilter,
      async count() {
        const r = await sql<{ n: number }>`select count(*) as n from users_search where users_search match ${phrase(key)}`.execute(db);
        return Number(r.rows[0]?.n ?? 0);
      },
      pageWay: (total) =>
        total <= SORTED_MATCHES
          ? { kind: 'found', filter: findFilter }
          : total <= WALKED_MATCHES
            ? { kind: 'walk', filter: memberFilter }
            : walk,
    };
  }
  // PostgreSQL: users_search_trgm (gin_trgm_ops) finds the users whose joined keys contain the term; the keys decide.
  const findFilter: Filter = (eb) => eb.and([sql<SqlBool>`${USERS_SEARCH_TRGM_TEXT} like ${pattern} escape '\\'`, walkFilter(eb)]);
  return {
    ...walked,
    findFilter,
    count: () => countOf(findFilter),
    pageWay: (total) => (total <= WALKED_MATCHES ? { kind: 'found', filter: findFilter } : walk),
  };
}

/** Says once, at start, when PostgreSQL has no trigram index (pg_trgm refused): searches then walk the directory. */
export async function reportUserSearchIndex({ db, dialect }: Sql, logger?: Pick<Logger, 'warn'>): Promise<void> {
  if (dialect.engine !== 'postgres' || !logger) return;
  const found = await sql<{ n: number }>`select count(*)::int as n from pg_indexes
    where schemaname = current_schema() and indexname = ${USERS_SEARCH_TRGM_INDEX}`.execute(db);
  if (found.rows[0]?.n) return;
  logger.warn(
    `user search: no trigram index (the pg_trgm extension could not be created on this PostgreSQL server), so each admin user search reads the whole users_list index. As a database owner run "CREATE EXTENSION pg_trgm;" and "CREATE INDEX ${USERS_SEARCH_TRGM_INDEX} ON users USING gin ((${USERS_SEARCH_TRGM_EXPRESSION}) gin_trgm_ops);", then restart (README, "User search").`,
  );
}
