// The identity-key migration on a database made by the previous schema, on both engines: keys
// computed for every user, colliding users flagged and reported at start-up, nothing lost.
import { join } from 'node:path';
import { closing, logSink, tempDirFixture, testDatabaseServer } from '@samlbridge/test-support';
import { createScratchDatabase } from '@samlbridge/web';
import { expect } from 'chai';
import { pino } from 'pino';
import { createSp } from '../../src/index.js';
import { createStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { at, newUser, T0, uniqueViolation, userFields } from './fixtures.js';
import { legacyVersionBefore, openLegacyDatabase } from './legacy-database.js';

/** The legacy step that added the identity keys: the one TypeScript step of each frozen list. */
const isIdentityKeysStep = (step: unknown) => typeof step === 'function';

/** Users as the previous schema allowed them (LOWER() folds ASCII only), oldest first. */
const OLD_USERS = [
  [1, 'acme', 'ÉLODIE1', 'elodie.one@example.test'],
  [2, 'acme', 'élodie1', 'elodie.two@example.test'],
  [3, 'acme', 'demo.user', 'demo@example.test'],
  [4, 'acme', 'ｄｅｍｏ.user', 'fullwidth@example.test'],
  [5, 'acme', 'mail.owner', 'Åsa@example.test'],
  [6, 'acme', 'mail.twin', 'åsa@example.test'],
  [7, 'globex', 'élodie1', 'elodie.one@example.test'],
] as const;

type Exec = (sql: string, params: unknown[]) => Promise<unknown>;

async function fillOldSchema(exec: Exec, placeholder: (n: number) => string, active: unknown) {
  const values = (n: number) => Array.from({ length: n }, (_, i) => placeholder(i + 1)).join(', ');
  for (const [id, tenant, login, email] of OLD_USERS) {
    const created = new Date(Date.UTC(2026, 0, 1, 0, id)).toISOString();
    await exec(
      `INSERT INTO users (id, tenant, login, email, first_name, last_name, active, role, created_via, created_at, updated_at)
       VALUES (${values(11)})`,
      [id, tenant, login, email, 'First', `Last ${id}`, active, 'learner', 'scim', created, created],
    );
  }
  await exec(`INSERT INTO user_groups (id, tenant, display_name, created_at, updated_at) VALUES (${values(5)})`, [
    1,
    'acme',
    'Staff',
    T0.toISOString(),
    T0.toISOString(),
  ]);
  for (const userId of [2, 4]) await exec(`INSERT INTO group_members (group_id, user_id) VALUES (${values(2)})`, [1, userId]);
}

const fields = (login: string, email: string) => userFields(login, email, { lastName: 'Renamed' });

/** What every engine must show after the upgrade. */
async function expectUpgraded(store: Store) {
  for (const [id, tenant, login, email] of OLD_USERS) {
    expect(await store.users.findById(tenant, id), `user ${id}`).to.include({ login, email, lastName: `Last ${id}`, active: true });
  }
  expect((await store.groups.findById('acme', 1))?.members?.map((m) => m.id)).to.deep.equal([2, 4]);
  expect(await store.users.identityConflicts()).to.deep.equal([
    { id: 2, scope: 'acme', username: 'élodie1', usernameConflict: 'same username as user 1 "ÉLODIE1"', emailConflict: null },
    { id: 4, scope: 'acme', username: 'ｄｅｍｏ.user', usernameConflict: 'same username as user 3 "demo.user"', emailConflict: null },
    { id: 6, scope: 'acme', username: 'mail.twin', usernameConflict: null, emailConflict: 'same email as user 5 "mail.owner"' },
  ]);
  // Lookups answer with the holder of the key; the SCIM filter finds every user the value equals.
  expect((await store.users.findByLogin('acme', 'élodie1'))?.id).to.equal(1);
  expect((await store.users.findByLogin('globex', 'ÉLODIE1'))?.id).to.equal(7);
  const found = await store.users.search('acme', {
    filter: { kind: 'cmp', attr: 'userName', op: 'eq', value: 'élodie1' },
    startIndex: 1,
    count: 10,
  });
  expect(found.users.map((u) => u.id)).to.deep.equal([1, 2]);
  // The unique indexes hold for new writes.
  await uniqueViolation(store.users.create(newUser('Élodie1', { email: 'new@example.test' }), T0), 'login');
  await uniqueViolation(store.users.create(newUser('new.user', { email: 'ÅSA@example.test' }), T0), 'email');
  // A PUT that keeps the login keeps the flag; a new login of its own clears it.
  await store.users.replace('acme', 2, fields('élodie1', 'elodie.two@example.test'), at(1));
  expect((await store.users.identityConflicts()).map((c) => c.id)).to.deep.equal([2, 4, 6]);
  await store.users.replace('acme', 2, fields('elodie2', 'elodie.two@example.test'), at(2));
  await store.users.replace('acme', 4, fields('demo.user4', 'fullwidth@example.test'), at(2));
  await store.users.updateProfile('acme', 6, { email: 'twin@example.test', firstName: 'F', lastName: 'L' }, at(2));
  expect(await store.users.identityConflicts()).to.deep.equal([]);
}

/** Start-up log lines of createSp on an existing database. */
async function startupWarnings(databaseUrl: string, dataDir: string): Promise<string[]> {
  const sink = logSink();
  const sp = await createSp({ env: {}, config: { dataDir, databaseUrl }, logger: pino({ level: 'warn' }, sink.stream) });
  await sp.close();
  return sink.records().flatMap((l) => (l.reason === 'identity_key_conflict' ? [String(l.msg)] : []));
}

const EXPECTED_REPORT =
  '3 user(s) share a username or email with an earlier user under the Unicode comparison rule and are kept out of its unique index until renamed: ' +
  'acme: user 2 "élodie1" (same username as user 1 "ÉLODIE1"); acme: user 4 "ｄｅｍｏ.user" (same username as user 3 "demo.user"); ' +
  'acme: user 6 "mail.twin" (same email as user 5 "mail.owner")';

describe('SP identity-key migration on an existing database', () => {
  const tmp = tempDirFixture('sp-identity-upgrade-');

  it('SQLite: keys every user, flags and reports the later of two users with one key, loses nothing', async () => {
    const file = join(tmp.path, 'sp.db');
    const old = await openLegacyDatabase({ kind: 'sqlite', file }, legacyVersionBefore('sqlite', isIdentityKeysStep));
    await fillOldSchema(
      (sql, params) => old.exec(sql, params),
      () => '?',
      1,
    );
    await old.close();
    expect(await startupWarnings(`sqlite:${file}`, tmp.path)).to.deep.equal([EXPECTED_REPORT]);
    await closing(await createStore({ kind: 'sqlite', file }), expectUpgraded);
  });

  it('PostgreSQL: keys every user, flags and reports the later of two users with one key, loses nothing', async () => {
    await closing(await createScratchDatabase(testDatabaseServer(), 'sp_identity'), async (database) => {
      const old = await openLegacyDatabase({ kind: 'postgres', url: database.url }, legacyVersionBefore('postgres', isIdentityKeysStep));
      await fillOldSchema(
        (sql, params) => old.exec(sql, params),
        (n) => `$${n}`,
        true,
      );
      // The rows above name their IDs; the identity sequences move past them as if they had issued them.
      await old.exec("SELECT setval(pg_get_serial_sequence('users', 'id'), 7), setval(pg_get_serial_sequence('user_groups', 'id'), 1)");
      await old.close();
      expect(await startupWarnings(database.url, tmp.path)).to.deep.equal([EXPECTED_REPORT]);
      await closing(await createStore({ kind: 'postgres', url: database.url, poolSize: 2 }), expectUpgraded);
    });
  });
});
