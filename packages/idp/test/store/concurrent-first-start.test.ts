// Several IdP instances started at the same moment on one empty PostgreSQL database and one key
// folder (a rolling deploy, a scaled-out first start): every instance comes up, with one admin
// account, one bootstrap API key and one signing key pair between them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabaseServer } from '@samlbridge/test-support';
import { createScratchDatabase, type ScratchDatabase } from '@samlbridge/web';
import { expect } from 'chai';
import { createIdp, type Idp } from '../../src/index.js';

describe('IdP instances starting at once on one PostgreSQL database', function () {
  this.timeout(60_000);
  let database: ScratchDatabase | undefined;
  let dir: string;
  let idps: Idp[] = [];
  before(async () => {
    database = await createScratchDatabase(testDatabaseServer(), 'idp_first_start');
    dir = mkdtempSync(join(tmpdir(), 'idp-first-start-'));
  });
  after(async () => {
    await Promise.allSettled(idps.map((i) => i.close()));
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('all start, sharing one admin, one API key and one signing certificate', async () => {
    const config = { databaseUrl: database!.url, dataDir: join(dir, 'keys'), logLevel: 'silent', provisioningWorker: false };
    idps = await Promise.all([1, 2, 3].map(() => createIdp({ env: {}, config })));
    expect(new Set(idps.map((i) => i.signing.fingerprints.sha256)).size).to.equal(1);
    const admins = await Promise.all(idps.map((i) => i.store.admins.findByEmail('admin@example.com')));
    expect(new Set(admins.map((a) => a?.id)).size).to.equal(1);
    expect((await idps[0]!.store.apiKeys.listHashes()).length).to.equal(1);
  });
});
