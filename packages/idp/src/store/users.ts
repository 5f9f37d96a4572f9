// Users, written once for both engines. Looked up by the identity keys (usernameKey / emailKey); the old
// NFC + lower-case key columns are kept in step with their field.
import { emailKey, usernameKey } from '@samlbridge/protocol';
import { affected, containsIgnoringCase, matchesPattern } from '@samlbridge/web';
import { type Selectable, sql, type Updateable } from 'kysely';
import type { User, UserRecord } from '../domain.js';
import type { UsersTable } from './database.js';
import { guarded, key, type Sql } from './dialect.js';
import type { UserRepository } from './types.js';

export function users(ctx: Sql): UserRepository {
  const { db, dialect } = ctx;
  const toRecord = (r: Selectable<UsersTable>): UserRecord => ({
    id: r.id,
    username: r.username,
    email: r.email,
    firstName: r.first_name,
    lastName: r.last_name,
    passwordHash: r.password_hash,
    status: r.status,
    createdAt: dialect.fromDbDate(r.created_at),
    updatedAt: dialect.fromDbDate(r.updated_at),
  });
  const toUser = (r: Selectable<UsersTable>): User => {
    const { passwordHash: _omit, ...user } = toRecord(r);
    return user;
  };
  // The holder of the key first (a flagged twin only when it is alone).
  const holderOf = (column: 'username' | 'email', value: string) =>
    db
      .selectFrom('users')
      .selectAll()
      .where(`${column}_precis_key`, '=', value)
      .orderBy(sql`${sql.ref(`${column}_conflict`)} is not null`)
      .orderBy('created_at')
      .orderBy(dialect.binary('id'))
      .limit(1)
      .executeTakeFirst();

  return {
    async insert(u) {
      await guarded(ctx, () =>
        db
          .insertInto('users')
          .values({
            id: u.id,
            username: u.username,
            username_key: key(u.username),
            username_precis_key: usernameKey(u.username),
            email: u.email,
            email_key: key(u.email),
            email_precis_key: emailKey(u.email),
            first_name: u.firstName,
            last_name: u.lastName,
            password_hash: u.passwordHash,
            status: u.status,
            created_at: dialect.toDbDate(u.createdAt),
            updated_at: dialect.toDbDate(u.updatedAt),
          })
          .execute(),
      );
    },
    async update(id, patch, updatedAt) {
      const { username, email, firstName, lastName, status, passwordHash, ...unmapped } = patch;
      // Every patchable field is named above: a field added to the user without a column here does not compile.
      unmapped satisfies Record<string, never>;
      const set: Updateable<UsersTable> = { updated_at: dialect.toDbDate(updatedAt) };
      if (firstName !== undefined) set.first_name = firstName;
      if (lastName !== undefined) set.last_name = lastName;
      if (status !== undefined) set.status = status;
      if (passwordHash !== undefined) set.password_hash = passwordHash;
      const row = await guarded(ctx, () =>
        db
          .updateTable('users')
          .set(set)
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
      return row && toRecord(row);
    },
    async delete(id) {
      return affected(await db.deleteFrom('users').where('id', '=', id).executeTakeFirstOrThrow()) > 0;
    },
    async get(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },
    async findByUsername(username) {
      const row = await holderOf('username', usernameKey(username));
      return row && toRecord(row);
    },
    async findByEmail(email) {
      const row = await holderOf('email', emailKey(email));
      return row && toRecord(row);
    },
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
    async list({ limit, offset, search }) {
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
      const rows = await query
        .selectAll()
        .orderBy(dialect.binary('username_precis_key'))
        .orderBy(dialect.binary('id'))
        .limit(limit)
        .offset(offset)
        .execute();
      const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return { items: rows.map(toUser), total: Number(total.n), limit, offset };
    },
  };
}
