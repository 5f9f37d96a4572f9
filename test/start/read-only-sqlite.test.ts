// Each app as deployed (scripts/serve.ts idp | sp as `npm run build` bundles it, a real process), and `npm start` (scripts/start.ts), refuse to start on a SQLite file it cannot
// write: it exits 1 and says which file, and what to check. The file was made by an earlier run and is then made
// read-only for real: immutable (chattr +i) when the tests run as root, who could write a mode 0400 file; mode 0400
// otherwise.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdp } from '@samlbridge/idp';
import { createSp } from '@samlbridge/sp-talentlms';
import { createLogger } from '@samlbridge/web';
import { expect } from 'chai';
import { bundledEntry } from '../support/bundled-entry.js';

const root = new URL('../..', import.meta.url).pathname;
const isRoot = process.getuid?.() === 0;

/** Makes `file` read-only in a way its owner cannot bypass; returns the undo. */
function makeReadOnly(file: string): () => void {
  if (!isRoot) {
    chmodSync(file, 0o400);
    return () => chmodSync(file, 0o600);
  }
  try {
    execFileSync('chattr', ['+i', file], { stdio: 'pipe' });
  } catch (err) {
    throw new Error(
      `This test needs the immutable attribute (chattr +i, e2fsprogs) on the file system of ${tmpdir()} when run as root: ${(err as Error).message}`,
    );
  }
  return () => execFileSync('chattr', ['-i', file]);
}

/** Runs `node <args>` to its exit (stopped if it starts); returns the exit code and all it printed. */
function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', SERVE_HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => {
    output += c;
    // Started after all: stop it, so the test fails on its exit code instead of waiting for it.
    if (output.includes('"ready"') || output.includes('samlbridge is running')) child.kill('SIGTERM');
  });
  child.stderr.on('data', (c) => (output += c));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

const silent = createLogger('read-only-sqlite-test', 'silent');
const APPS = [
  {
    role: 'idp' as const,
    file: 'idp.db',
    create: async (dir: string) =>
      (await createIdp({ env: {}, config: { dataDir: dir, provisioningWorker: false }, logger: silent })).close(),
    env: (dir: string) => ({ IDP_DATA_DIR: dir, IDP_PORT: '0', IDP_LOG_LEVEL: 'error', IDP_PROVISIONING_WORKER: 'false' }),
  },
  {
    role: 'sp' as const,
    file: 'sp.db',
    create: async (dir: string) => (await createSp({ env: {}, config: { dataDir: dir }, logger: silent })).close(),
    env: (dir: string) => ({ SP_DATA_DIR: dir, SP_PORT: '0', SP_LOG_LEVEL: 'error' }),
  },
];

describe('start-up on a read-only SQLite file', function () {
  this.timeout(120_000);
  let dir: string;
  let undo: (() => void) | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'samlbridge-ro-sqlite-'));
  });
  afterEach(() => {
    undo?.();
    undo = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  for (const app of APPS) {
    it(`${app.role}: exits 1 naming the database file and saying what to check`, async () => {
      await app.create(dir);
      const file = join(dir, app.file);
      undo = makeReadOnly(file);
      // scripts/serve.ts as `npm run build` bundles it for deployments (test/support/bundled-entry.ts).
      const { code, output } = await run([await bundledEntry('scripts/serve.ts'), app.role], app.env(dir));
      expect(code).to.equal(1);
      expect(output).to.contain(`${app.role} did not start`);
      expect(output).to.contain(`cannot write its SQLite file ${file}`);
      expect(output).to.contain('Check that the file and its folder are writable by this user');
      expect(output).not.to.contain('"ready"');
    });
  }

  it('npm start: exits 1 with one line naming the IdP database file, no stack trace', async () => {
    const [idp, sp] = APPS as [(typeof APPS)[0], (typeof APPS)[1]];
    await idp.create(dir);
    const file = join(dir, idp.file);
    undo = makeReadOnly(file);
    const { code, output } = await run(['--import', 'tsx', 'scripts/start.ts', '--no-demo'], { ...idp.env(dir), ...sp.env(dir) });
    expect(code).to.equal(1);
    expect(output).to.contain(`idp did not start: `);
    expect(output).to.contain(`cannot write its SQLite file ${file}`);
    expect(output).not.to.match(/^\s+at /m);
  });
});
