// Data folders are 0700 and database files (with their -wal/-shm) 0600, whatever the umask; folders and
// files an older version left open to other users are tightened at start-up, with a log line.

import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createIdp } from '@samlbridge/idp';
import { createSp } from '@samlbridge/sp-talentlms';
import { closing, logSink, tempDirFixture } from '@samlbridge/test-support';
import { createLogger, type Logger } from '@samlbridge/web';
import { expect } from 'chai';

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8).padStart(4, '0');

function capturingLogger(name: string): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const sink = logSink();
  return { logger: createLogger(name, 'info', sink.stream), lines: () => sink.records() };
}

/** What a pre-fix version left behind: a 0755 folder holding a 0644 database with 0644 -wal/-shm files. */
function olderVersionLayout(dir: string, dbName: string): void {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  for (const suffix of ['', '-wal', '-shm']) {
    writeFileSync(join(dir, `${dbName}${suffix}`), '');
    chmodSync(join(dir, `${dbName}${suffix}`), 0o644);
  }
}

describe('private data files (IdP and SP)', () => {
  const tmp = tempDirFixture('samlbridge-modes-');

  it('starts the IdP on a fresh data folder: folder 0700, idp.db and its -wal/-shm 0600, key files 0600', async () => {
    const dataDir = join(tmp.path, 'data', 'idp');
    await closing(await createIdp({ env: {}, config: { dataDir, logLevel: 'silent', provisioningWorker: false } }), async (idp) => {
      await idp.services.directory.createUser({ username: 'mode.check', email: 'mode.check@example.com', password: 'mode-check-pw' });
      expect(modeOf(join(tmp.path, 'data'))).to.equal('0700');
      expect(modeOf(dataDir)).to.equal('0700');
      for (const file of ['idp.db', 'idp.db-wal', 'idp.db-shm', 'idp-signing.key', 'idp-secret.key']) {
        expect(existsSync(join(dataDir, file)), file).to.equal(true);
        expect(modeOf(join(dataDir, file)), file).to.equal('0600');
      }
    });
  });

  it('starts the SP on a fresh data folder: folder 0700, sp.db and its -wal/-shm 0600', async () => {
    const dataDir = join(tmp.path, 'data', 'sp');
    await closing(await createSp({ env: {}, config: { dataDir, logLevel: 'silent' } }), async (_sp) => {
      expect(modeOf(join(tmp.path, 'data'))).to.equal('0700');
      expect(modeOf(dataDir)).to.equal('0700');
      for (const file of ['sp.db', 'sp.db-wal', 'sp.db-shm']) {
        expect(existsSync(join(dataDir, file)), file).to.equal(true);
        expect(modeOf(join(dataDir, file)), file).to.equal('0600');
      }
    });
  });

  const olderVersionCases = [
    {
      app: 'IdP',
      name: 'idp',
      start: (dataDir: string, logger: Logger) => createIdp({ env: {}, config: { dataDir, provisioningWorker: false }, logger }),
      loggedFiles: ['idp.db'],
    },
    {
      app: 'SP',
      name: 'sp',
      start: (dataDir: string, logger: Logger) => createSp({ env: {}, config: { dataDir }, logger }),
      loggedFiles: ['sp.db', 'sp.db-wal'],
    },
  ];
  for (const { app, name, start, loggedFiles } of olderVersionCases) {
    it(`tightens the ${app} data folder and database files an older version left readable, and logs it`, async () => {
      const dataDir = join(tmp.path, name);
      olderVersionLayout(dataDir, `${name}.db`);
      const { logger, lines } = capturingLogger(name);
      await closing(await start(dataDir, logger), async () => {
        expect(modeOf(dataDir)).to.equal('0700');
        for (const file of [`${name}.db`, `${name}.db-wal`, `${name}.db-shm`]) expect(modeOf(join(dataDir, file)), file).to.equal('0600');
        const tightened = lines().filter((l) => String(l.msg).includes('its mode was tightened'));
        expect(tightened.map((l) => [l.path, l.from, l.to])).to.deep.include.members([
          [dataDir, '0755', '0700'],
          ...loggedFiles.map((file) => [join(dataDir, file), '0644', '0600']),
        ]);
      });
    });
  }
});
