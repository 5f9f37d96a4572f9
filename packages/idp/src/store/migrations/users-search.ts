// User search in big directories (migration 2026-12-03-140, ARCHITECTURE.md §5, store/user-search.ts):
// - first_name_key, last_name_key: each name field under the username key rule (usernameKey: width mapping, NFC,
//   lower-case), written by the repository next to its field, like username_precis_key / email_precis_key. The
//   search compares keys only, so it is the same on both engines whatever the database's locale (SQLite's lower()
//   folds ASCII only).
// - users_list again, now with the key columns: the list order (username key, id; byte-wise) and every searched key,
//   so a search that has to walk the list (one- and two-character terms, very common terms) reads only this index.
// - a trigram index over username key, email key and "first last" name key, so a substring of three or more
//   characters finds its users without walking the directory:
//   - SQLite: users_search, a contentless FTS5 table (trigram tokenizer, case-sensitive: it indexes the keys as
//     they are), rowid = the user's rowid, kept in step by triggers on every insert, key change and delete.
//   - PostgreSQL: users_search_trgm, a GIN index with pg_trgm's gin_trgm_ops over the keys joined in one text (contrib; a trusted extension since
//     PostgreSQL 13). A server that refuses CREATE EXTENSION gets no such index: the search stays correct and walks
//     the list index instead (the store says so once at start, store/user-search.ts).
import { usernameKey } from '@samlbridge/protocol';
import type { AnyKysely, SqlDialect } from '@samlbridge/web';
import { sql } from 'kysely';
import { listOrder } from './users-indexes.js';

/**
 * What PostgreSQL's trigram index holds: every searched key in one text (one index scan per search; a query repeats
 * this expression word for word). A term found in it is in one of the keys or spans two: the search then checks
 * each key itself.
 */
export const USERS_SEARCH_TRGM_EXPRESSION = `username_precis_key || ' ' || email_precis_key || ' ' || first_name_key || ' ' || last_name_key`;
export const USERS_SEARCH_TRGM_TEXT = sql.raw(USERS_SEARCH_TRGM_EXPRESSION);

/** The name of PostgreSQL's trigram index (absent when pg_trgm could not be created). */
export const USERS_SEARCH_TRGM_INDEX = 'users_search_trgm';

// One character outside printable ASCII: the rows whose key SQL's lower() may not compute as usernameKey does.
const NON_ASCII = /[^\x20-\x7e]/;

async function fillNameKeys(db: AnyKysely): Promise<void> {
  // Printable ASCII: lower() is the key on both engines; every other row gets its key from usernameKey itself.
  await db.updateTable('users').set({ first_name_key: sql`lower(first_name)`, last_name_key: sql`lower(last_name)` }).execute();
  const rows = await db.selectFrom('users').select(['id', 'first_name', 'last_name']).execute();
  for (const r of rows as { id: string; first_name: string; last_name: string }[]) {
    if (!NON_ASCII.test(r.first_name) && !NON_ASCII.test(r.last_name)) continue;
    await db
      .updateTable('users')
      .set({ first_name_key: usernameKey(r.first_name), last_name_key: usernameKey(r.last_name) })
      .where('id', '=', r.id)
      .execute();
  }
}

async function sqliteTrigramIndex(db: AnyKysely): Promise<void> {
  // Contentless (the keys live in users), deletable by rowid; case_sensitive 1: the keys are already lower-case.
  await sql`CREATE VIRTUAL TABLE users_search USING fts5(username, email, name, content='', contentless_delete=1, tokenize='trigram case_sensitive 1')`.execute(
    db,
  );
  const values = (row: 'new' | 'old') =>
    sql.raw(`${row}.rowid, ${row}.username_precis_key, ${row}.email_precis_key, ${row}.first_name_key || ' ' || ${row}.last_name_key`);
  await sql`CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN
    INSERT INTO users_search (rowid, username, email, name) VALUES (${values('new')});
  END`.execute(db);
  await sql`CREATE TRIGGER users_search_update AFTER UPDATE OF username_precis_key, email_precis_key, first_name_key, last_name_key ON users BEGIN
    DELETE FROM users_search WHERE rowid = old.rowid;
    INSERT INTO users_search (rowid, username, email, name) VALUES (${values('new')});
  END`.execute(db);
  await sql`CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN
    DELETE FROM users_search WHERE rowid = old.rowid;
  END`.execute(db);
  await sql`INSERT INTO users_search (rowid, username, email, name)
    SELECT rowid, username_precis_key, email_precis_key, first_name_key || ' ' || last_name_key FROM users`.execute(db);
}

async function postgresTrigramIndex(db: AnyKysely): Promise<void> {
  // The migration runs in one transaction: a refused CREATE EXTENSION (no CREATE on the database), or an operator
  // class out of reach (the extension installed in a schema not on the search path), must not abort it.
  await sql`SAVEPOINT users_search_pg_trgm`.execute(db);
  try {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
    await sql`CREATE INDEX ${sql.raw(USERS_SEARCH_TRGM_INDEX)} ON users USING gin ((${USERS_SEARCH_TRGM_TEXT}) gin_trgm_ops)`.execute(db);
    await sql`RELEASE SAVEPOINT users_search_pg_trgm`.execute(db);
  } catch {
    await sql`ROLLBACK TO SAVEPOINT users_search_pg_trgm`.execute(db);
  }
}

export async function createUsersSearch(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('first_name_key', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('last_name_key', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await fillNameKeys(db);
  await db.schema.dropIndex('users_list').execute();
  await db.schema
    .createIndex('users_list')
    .on('users')
    .expression(sql`${listOrder(dialect)}, email_precis_key, first_name_key, last_name_key`)
    .execute();
  if (dialect.engine === 'sqlite') await sqliteTrigramIndex(db);
  else await postgresTrigramIndex(db);
}
