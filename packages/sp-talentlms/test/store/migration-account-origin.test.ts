// The account-origin migration upgrades a database made by the previous schema in place, on both engines:
// every Super Admin row becomes a local account, other rows keep their origin, nothing is lost.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closing, testDatabaseServer } from '@samlbridge/test-support';
import { createScratchDatabase } from '@samlbridge/web';
import { expect } from 'chai';
import { createStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { legacyVersionBefore, openLegacyDatabase } from './legacy-database.js';

/** The legacy step of the account-origin migration (found by content: the list is frozen, its numbering per engine). */
const isAccountOriginStep = (m: unknown) => typeof m === 'string' && m.includes("SET created_via = 'local' WHERE role = 'superadmin'");

/** Rows an older version could hold: [login, role, created_via]. */
const ROWS: [string, string, string][] = [
  ['admin', 'superadmin', 'local'],
  ['old.admin', 'superadmin', 'sso'],
  ['jit.person', 'learner', 'sso'],
  ['scim.person', 'learner', 'scim'],
  ['local.person', 'learner', 'local'],
  ['odd.person', 'learner', 'imported'],
];
const T = '2026-03-01T10:00:00.000Z';

async function expectUpgraded(store: Store) {
  const origin = async (login: string) => (await store.users.findByLogin('default', login))?.createdVia;
  expect(await origin('admin')).to.equal('local');
  expect(await origin('old.admin')).to.equal('local');
  expect(await origin('jit.person')).to.equal('sso');
  expect(await origin('scim.person')).to.equal('scim');
  expect(await origin('local.person')).to.equal('local');
  // An origin no version of this code wrote never counts as SSO-managed.
  expect(await origin('odd.person')).to.equal('local');
  const all = await store.users.list('default');
  expect(all.map((u) => u.login).sort()).to.deep.equal(ROWS.map(([login]) => login).sort());
  expect(all.find((u) => u.login === 'jit.person')).to.include({ email: 'jit.person@example.test', firstName: 'First', role: 'learner' });
}

describe('SP account-origin migration', () => {
  it('upgrades a SQLite database in place: Super Admin rows become local, other rows keep their origin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sp-origin-'));
    const file = join(dir, 'sp.db');
    try {
      const db = await openLegacyDatabase({ kind: 'sqlite', file }, legacyVersionBefore('sqlite', isAccountOriginStep));
      for (const [i, [login, role, via]] of ROWS.entries()) {
        await db.exec(
          `INSERT INTO users (id, tenant, login, email, first_name, last_name, active, role, created_via, password_hash, created_at, updated_at)
           VALUES (?, 'default', ?, ?, 'First', 'Last', 1, ?, ?, NULL, ?, ?)`,
          [i + 1, login, `${login}@example.test`, role, via, T, T],
        );
      }
      await db.close();
      await closing(await createStore({ kind: 'sqlite', file }), expectUpgraded);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('upgrades a PostgreSQL database in place: Super Admin rows become local, other rows keep their origin', async () => {
    await closing(await createScratchDatabase(testDatabaseServer(), 'sp_origin'), async (database) => {
      const db = await openLegacyDatabase({ kind: 'postgres', url: database.url }, legacyVersionBefore('postgres', isAccountOriginStep));
      for (const [login, role, via] of ROWS) {
        await db.exec(
          `INSERT INTO users (tenant, login, email, first_name, last_name, active, role, created_via, password_hash, created_at, updated_at)
           VALUES ('default', $1, $2, 'First', 'Last', TRUE, $3, $4, NULL, $5, $5)`,
          [login, `${login}@example.test`, role, via, T],
        );
      }
      await db.close();
      await closing(await createStore({ kind: 'postgres', url: database.url, poolSize: 2 }), expectUpgraded);
    });
  });
});
