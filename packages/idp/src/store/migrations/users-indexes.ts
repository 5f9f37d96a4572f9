// Indexes for big directories (migration 2026-12-03-130, ARCHITECTURE.md §5):
// - users_list: the Users list of store/users.ts. Its first two columns are the list order, byte-wise: SQLite's
//   default BINARY collation, `COLLATE "C"` on PostgreSQL (the order `dialect.binary()` asks for, whatever the
//   database locale); then the other searched columns, so paging and searching read this index, not the table
//   (SQLite: a covering index; PostgreSQL: an index-only scan).
// - users_username_lookup, users_email_lookup: sign-in and SCIM lookups by identity key (findByUsername /
//   findByEmail). The unique indexes on these keys are partial (`WHERE …_conflict IS NULL`), which a lookup that
//   also finds a flagged twin cannot use.
import type { AnyKysely, SqlDialect } from '@samlbridge/web';
import { sql } from 'kysely';

/** The list order's columns of users_list (this step's and 2026-12-03-140's): username key, then id, byte-wise. */
export const listOrder = (dialect: SqlDialect) =>
  dialect.engine === 'postgres' ? sql`username_precis_key collate "C", id collate "C"` : sql`username_precis_key, id`;

export async function createUsersIndexes(db: AnyKysely, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createIndex('users_list')
    .on('users')
    .expression(sql`${listOrder(dialect)}, email_precis_key, first_name, last_name`)
    .execute();
  await db.schema.createIndex('users_username_lookup').on('users').column('username_precis_key').execute();
  await db.schema.createIndex('users_email_lookup').on('users').column('email_precis_key').execute();
}
