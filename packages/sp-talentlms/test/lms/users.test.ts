// The LMS user service over a real SQLite store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@samlbridge/web';
import { expect } from 'chai';
import { createUserService } from '../../src/lms/users.js';
import { createStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';

describe('LMS users: the Super Admin account', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sp-users-'));
    store = await createStore({ kind: 'sqlite', file: join(dir, 'sp.db') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports a failure to create the Super Admin account instead of hiding it', async () => {
    const create = store.users.create.bind(store.users);
    store.users.create = async (...args) => {
      if (args[0].role === 'superadmin') throw new Error('disk I/O error');
      return create(...args);
    };
    const users = await createUserService({ store, clock: systemClock, adminUser: 'admin', adminPassword: 'admin-test-password' });
    let thrown: unknown;
    try {
      await users.verifyLocal('default', 'admin', 'admin-test-password');
    } catch (err) {
      thrown = err;
    }
    expect((thrown as Error | undefined)?.message).to.equal('disk I/O error');
  });

  it('signs the Super Admin in when another request created the account first', async () => {
    const users = await createUserService({ store, clock: systemClock, adminUser: 'admin', adminPassword: 'admin-test-password' });
    const create = store.users.create.bind(store.users);
    store.users.create = async (...args) => {
      await create(...args); // the concurrent request wins the race…
      return create(...args); // …and this one's insert then hits the unique login
    };
    const user = await users.verifyLocal('default', 'admin', 'admin-test-password');
    expect(user?.login).to.equal('admin');
  });
});
