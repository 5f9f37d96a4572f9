import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '../../src/store/index.js';
import { describeStoreContract } from './contract.js';

let dir: string;
let n = 0;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'idp-store-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describeStoreContract('SQLite (temp file)', () => createStore({ kind: 'sqlite', file: join(dir, `idp-${++n}.db`) }));
