// The identity-key migration on a database made by the previous schema, on both engines: keys
// computed for every user, colliding users flagged and reported at start-up, nothing lost.
import { join } from 'node:path';
import { closing, logSink, tempDirFixture, testDatabaseServer } from '@samlbridge/test-support';
import { createScratchDatabase, openPostgres, openSqlite } from '@samlbridge/web';
import { expect } from 'chai';
import { pino } from 'pino';
import { createIdp } from '../../src/index.js';
import { createStore } from '../../src/store/index.js';
import { legacyPostgresMigrations } from '../../src/store/migrations/legacy-postgres.js';
import { legacySqliteMigrations } from '../../src/store/migrations/legacy-sqlite.js';
import type { Store } from '../../src/store/types.js';
import { expectConflict, rejection, user } from './fixtures.js';

/** Users as the previous schema stored them (old key: NFC + lower-case), oldest first. */
const OLD_USERS = [
  ['u1', 'demo.user', 'demo@example.test'],
  ['u2', 'ｄｅｍｏ.user', 'fullwidth@example.test'],
  ['u3', 'dеmo.user', 'cyrillic@example.test'],
  ['u4', 'mail.owner', 'mail@example.test'],
  ['u5', 'mail.twin', 'ｍａｉｌ@example.test'],
] as const;

type Exec = (sql: string, params: unknown[]) => Promise<unknown>;

async function fillOldSchema(exec: Exec, placeholder: (n: number) => string) {
  const values = (n: number) => Array.from({ length: n }, (_, i) => placeholder(i + 1)).join(', ');
  for (const [i, [id, username, email]] of OLD_USERS.entries()) {
    const created = new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
    await exec(
      `INSERT INTO users (id, username, username_key, email, email_key, first_name, last_name, password_hash, status, created_at, updated_at)
       VALUES (${values(11)})`,
      [
        id,
        username,
        username.normalize('NFC').toLowerCase(),
        email,
        email.normalize('NFC').toLowerCase(),
        'First',
        id,
        `scrypt$${id}`,
        'active',
        created,
        created,
      ],
    );
  }
  await exec(`INSERT INTO user_groups (id, name, name_key, description, created_at) VALUES (${values(5)})`, [
    'g1',
    'Staff',
    'staff',
    '',
    new Date(Date.UTC(2026, 0, 1)).toISOString(),
  ]);
  for (const id of ['u2', 'u5']) await exec(`INSERT INTO group_members (group_id, user_id) VALUES (${values(2)})`, ['g1', id]);
}

/** What every engine must show after the upgrade. */
async function expectUpgraded(store: Store) {
  for (const [id, username, email] of OLD_USERS) {
    expect(await store.users.get(id), id).to.include({ username, email, lastName: id, passwordHash: `scrypt$${id}`, status: 'active' });
  }
  expect(await store.groups.listMemberIds('g1')).to.deep.equal(['u2', 'u5']);
  expect(await store.users.identityConflicts()).to.deep.equal([
    { id: 'u2', scope: '', username: 'ｄｅｍｏ.user', usernameConflict: 'same username as user u1 "demo.user"', emailConflict: null },
    { id: 'u5', scope: '', username: 'mail.twin', usernameConflict: null, emailConflict: 'same email as user u4 "mail.owner"' },
  ]);
  // Lookups answer with the holder of the key; the lookalike keeps its own.
  expect((await store.users.findByUsername('ｄｅｍｏ.user'))?.id).to.equal('u1');
  expect((await store.users.findByUsername('dеmo.user'))?.id).to.equal('u3');
  expect((await store.users.findByEmail('MAIL@example.test'))?.id).to.equal('u4');
  expect((await store.users.findByUsername('mail.twin'))?.id).to.equal('u5');
  // The unique index holds for new writes.
  expectConflict(await rejection(store.users.insert(user('u6', 'ＤＥＭＯ.USER', { email: 'new@example.test' }))), 'username');
  // Renaming a flagged user to a free key clears its flag.
  await store.users.update('u2', { username: 'demo.user2' }, new Date(Date.UTC(2026, 1, 1)));
  await store.users.update('u5', { email: 'twin@example.test' }, new Date(Date.UTC(2026, 1, 1)));
  expect(await store.users.identityConflicts()).to.deep.equal([]);
  expect((await store.users.findByUsername('DEMO.USER2'))?.id).to.equal('u2');
}

/** Start-up log lines of createIdp on an existing database. */
async function startupWarnings(databaseUrl: string, dataDir: string): Promise<string[]> {
  const sink = logSink();
  const idp = await createIdp({
    env: {},
    config: { dataDir, databaseUrl, provisioningWorker: false },
    logger: pino({ level: 'warn' }, sink.stream),
  });
  await idp.close();
  return sink.records().flatMap((l) => (l.reason === 'identity_key_conflict' ? [String(l.msg)] : []));
}

const EXPECTED_REPORT =
  '2 user(s) share a username or email with an earlier user under the Unicode comparison rule and are kept out of its unique index until renamed: user u2 "ｄｅｍｏ.user" (same username as user u1 "demo.user"); user u5 "mail.twin" (same email as user u4 "mail.owner")';

/** The legacy lists up to (not including) the identity-key step: it is followed only by the held-passwords step. */
const beforeIdentityKeys = <T>(list: readonly T[]) => list.slice(0, list.length - 2);

describe('IdP identity-key migration on an existing database', () => {
  const tmp = tempDirFixture('idp-identity-upgrade-');

  it('SQLite: keys every user, flags and reports the later of two users with one key, loses nothing', async () => {
    const file = join(tmp.path, 'idp.db');
    const old = openSqlite(file, beforeIdentityKeys(legacySqliteMigrations));
    await fillOldSchema(
      async (sql, params) => old.prepare(sql).run(...params),
      () => '?',
    );
    old.close();
    expect(await startupWarnings(file, tmp.path)).to.deep.equal([EXPECTED_REPORT]);
    await closing(await createStore({ kind: 'sqlite', file }), expectUpgraded);
  });

  it('PostgreSQL: keys every user, flags and reports the later of two users with one key, loses nothing', async () => {
    await closing(await createScratchDatabase(testDatabaseServer(), 'idp_identity'), async (database) => {
      const old = await openPostgres(database.url, beforeIdentityKeys(legacyPostgresMigrations), {
        component: 'idp',
        max: 1,
      });
      await fillOldSchema(
        (sql, params) => old.query(sql, params),
        (n) => `$${n}`,
      );
      await old.end();
      expect(await startupWarnings(database.url, tmp.path)).to.deep.equal([EXPECTED_REPORT]);
      await closing(await createStore({ kind: 'postgres', url: database.url, poolSize: 2 }), expectUpgraded);
    });
  });
});
