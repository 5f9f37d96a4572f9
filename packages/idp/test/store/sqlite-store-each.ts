// An IdP store of its own for each test: a SQLite file in a new temp folder, migrated; closed and the folder removed
// after the test. For suites that test one part of the store, or code on top of it, on the real engine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';

/** Before each test: a new store, handed to `opened` (to keep, and to seed). After it: closed, its folder removed. */
export function sqliteStoreEachTest(prefix: string, opened: (store: Store) => Promise<void> | void): void {
  let dir: string | undefined;
  let store: Store | undefined;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    store = await createStore({ kind: 'sqlite', file: join(dir, 'idp.db') });
    await opened(store);
  });
  afterEach(async () => {
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    store = undefined;
    dir = undefined;
  });
}
