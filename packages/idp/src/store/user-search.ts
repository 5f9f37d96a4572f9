// The admin user search in big directories (ARCHITECTURE.md §5, migration 2026-12-03-140 users-search.ts): a
// case-insensitive substring match over the username, email and "first last" name keys (usernameKey of each field),
// LIKE metacharacters literal. Two ways to a page, chosen by how many users match:
// - find: a term of three or more characters finds its users through the trigram index (SQLite FTS5 `users_search`,
//   PostgreSQL pg_trgm `users_search_trgm`) and counts them there; when at most SORTED_MATCHES match, the page is
//   those users sorted (cost grows with the matches, not the directory);
// - walk: otherwise the page walks the users_list index in list order, checking each entry's keys, and stops at the
//   page's end. Many matches (a common term) end the walk early; one- and two-character terms, which no trigram index
//   serves, always walk, and their total is a count over that index (linear in the directory).
import { usernameKey } from '@samlbridge/protocol';
import { containsPattern, type Logger } from '@samlbridge/web';
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from './database.js';
import type { Sql } from './dialect.js';
import { USERS_SEARCH_TRGM_EXPRESSION, USERS_SEARCH_TRGM_INDEX, USERS_SEARCH_TRGM_TEXT } from './migrations/users-search.js';

/** Up to this many matches, a page is the matches sorted; above it, a walk in list order (ends early: matches are common). */
export const SORTED_MATCHES = 2000;

/** A trigram index serves terms of at least this many characters (code points). */
export const TRIGRAM_TERM = 3;

type UsersEb = ExpressionBuilder<Database, 'users'>;

/** What one search asks of the store: its key, and the two filters of the users table. */
export interface UserSearchTerm {
  /** The search's key (usernameKey), compared with the stored keys. */
  key: string;
  /** Served by the trigram index (a term of at least TRIGRAM_TERM characters). */
  indexed: boolean;
  /** The users whose keys contain the term: the LIKEs the users_list index serves in a walk. */
  walkFilter(eb: UsersEb): Expression<SqlBool>;
  /** The same users through the trigram index when `indexed` (else walkFilter). */
  findFilter(eb: UsersEb): Expression<SqlBool>;
  /** The number of matches through the trigram index (else through the walk filter). */
  count(): Promise<number>;
}

/** `"term"`: an FTS5 phrase (every character literal; a double quote doubled). */
const phrase = (key: string) => `"${key.replaceAll('"', '""')}"`;

export function userSearchTerm({ db, dialect }: Sql, search: string): UserSearchTerm {
  const key = usernameKey(search);
  const pattern = containsPattern(key);
  const indexed = [...key].length >= TRIGRAM_TERM;
  const walkFilter = (eb: UsersEb) =>
    eb.or([
      sql<SqlBool>`username_precis_key like ${pattern} escape '\\'`,
      sql<SqlBool>`email_precis_key like ${pattern} escape '\\'`,
      sql<SqlBool>`first_name_key || ' ' || last_name_key like ${pattern} escape '\\'`,
    ]);
  const countOf = async (filter: (eb: UsersEb) => Expression<SqlBool>) =>
    Number(
      (
        await db
          .selectFrom('users')
          .select((eb) => eb.fn.countAll().as('n'))
          .where(filter)
          .executeTakeFirstOrThrow()
      ).n,
    );
  if (indexed && dialect.engine === 'sqlite') {
    // FTS5 trigram phrase: a substring match of the indexed keys (users_search rowid = users rowid).
    const match = sql<SqlBool>`rowid in (select rowid from users_search where users_search match ${phrase(key)})`;
    return {
      key,
      indexed,
      walkFilter,
      findFilter: () => match,
      async count() {
        const r = await sql<{ n: number }>`select count(*) as n from users_search where users_search match ${phrase(key)}`.execute(db);
        return Number(r.rows[0]?.n ?? 0);
      },
    };
  }
  if (indexed) {
    // PostgreSQL: users_search_trgm (gin_trgm_ops) finds the users whose joined keys contain the term; the keys decide.
    const findFilter = (eb: UsersEb) => eb.and([sql<SqlBool>`${USERS_SEARCH_TRGM_TEXT} like ${pattern} escape '\\'`, walkFilter(eb)]);
    return { key, indexed, walkFilter, findFilter, count: () => countOf(findFilter) };
  }
  return { key, indexed, walkFilter, findFilter: walkFilter, count: () => countOf(walkFilter) };
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
