// An IdP instance whose IDP_SECRET_KEY cannot unseal the active signing key in the shared database refuses to start
// (startup error signing_key_sealed_elsewhere) instead of signing with a key of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SamlbridgeError } from '@samlbridge/errors';
import type { ScratchDatabase } from '@samlbridge/web';
import { expect } from 'chai';
import { pino } from 'pino';
import { createIdp, type Idp } from '../../src/index.js';
import { migratedIdpDatabase } from '../helpers/scratch-database.js';

describe('signing key sealed with another IDP_SECRET_KEY', function () {
  this.timeout(60_000);
  let database: ScratchDatabase;
  const dirs: string[] = [];
  const idps: Idp[] = [];

  before(async () => {
    database = await migratedIdpDatabase('idp_sealed');
  });
  after(async () => {
    for (const i of idps) await i.close();
    await database?.drop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /** An instance on the shared database with its own data directory (so its own key file) and secret key. */
  function start(secretKey: string) {
    const dir = mkdtempSync(join(tmpdir(), 'samlbridge-sealed-'));
    dirs.push(dir);
    return createIdp({
      env: {},
      config: {
        dataDir: dir,
        databaseUrl: database.url,
        baseUrl: 'http://localhost:1',
        logLevel: 'silent',
        secretKey,
        provisioningWorker: false,
      },
      logger: pino({ level: 'silent' }),
    });
  }

  it('refuses to start the second instance with signing_key_sealed_elsewhere and a message naming IDP_SECRET_KEY', async () => {
    idps.push(await start('c'.repeat(64)));
    let failure: SamlbridgeError | undefined;
    try {
      idps.push(await start('d'.repeat(64)));
    } catch (err) {
      failure = err as SamlbridgeError;
    }
    expect(failure?.code).to.equal('signing_key_sealed_elsewhere');
    expect(failure?.message).to.contain('IDP_SECRET_KEY');
    expect(failure?.message).to.contain((idps[0] as Idp).keys.active().fingerprints.sha256);
  });
});
