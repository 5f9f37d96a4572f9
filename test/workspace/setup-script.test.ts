// `npm test` first runs scripts/ensure-installed.mjs --system: it says what it installs before installing it, and
// leaves no PostgreSQL cluster running that installing postgresql started. Run for real, in a copy of the script
// with node_modules in place, no Debian package files (SAMLBRIDGE_SYSTEM_ROOT: an empty folder), and stand-ins for
// apt-get, pg_lsclusters and pg_ctlcluster on PATH that record what they are asked to do.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { describe, it } from 'mocha';

const SCRIPT = new URL('../../scripts/ensure-installed.mjs', import.meta.url).pathname;

/** A shell stand-in that appends its name and arguments to `log`, then runs `body`. */
function standIn(bin: string, name: string, log: string, body = ''): void {
  const path = join(bin, name);
  writeFileSync(path, `#!/bin/sh\necho "${name} $*" >> '${log}'\n${body}\n`);
  chmodSync(path, 0o755);
}

function setUp(clusterRunningBefore: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'setup-script-'));
  mkdirSync(join(dir, 'repo', 'scripts'), { recursive: true });
  mkdirSync(join(dir, 'repo', 'node_modules'));
  writeFileSync(join(dir, 'repo', 'node_modules', '.modules.yaml'), '');
  copyFileSync(SCRIPT, join(dir, 'repo', 'scripts', 'ensure-installed.mjs'));
  mkdirSync(join(dir, 'system'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const log = join(dir, 'commands.log');
  const started = join(dir, 'cluster-started');
  const online = join(dir, 'cluster-online');
  if (clusterRunningBefore) writeFileSync(join(dir, 'cluster-old'), '');
  // Installing postgresql starts the Debian cluster 16/main, as the real package does.
  standIn(bin, 'apt-get', log, `echo "(apt-get $1)" >&2\ncase "$1" in install) touch '${started}' '${online}';; esac`);
  standIn(
    bin,
    'pg_lsclusters',
    log,
    [
      `[ -e '${join(dir, 'cluster-old')}' ] && echo "15 main 5433 online postgres /var/lib/postgresql/15/main /var/log/pg15.log"`,
      `[ -e '${online}' ] && echo "16 main 5432 online postgres /var/lib/postgresql/16/main /var/log/pg16.log"`,
      'exit 0',
    ].join('\n'),
  );
  standIn(bin, 'pg_ctlcluster', log, `[ "$1 $2 $3" = "16 main stop" ] && rm -f '${online}'`);
  const run = () =>
    spawnSync(process.execPath, [join(dir, 'repo', 'scripts', 'ensure-installed.mjs'), '--system'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, SAMLBRIDGE_SYSTEM_ROOT: join(dir, 'system') },
    });
  const commands = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
  return { dir, run, commands, clusterOnline: () => existsSync(online), close: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('scripts/ensure-installed.mjs --system (the set-up step of npm test)', function () {
  this.timeout(30_000);
  const asRoot = process.getuid?.() === 0;

  it('names each missing Debian package and why before installing, then stops the cluster the install started, leaving others running', () => {
    const s = setUp(true);
    try {
      const run = s.run();
      expect(run.status, run.stderr).to.equal(0);
      if (!asRoot) {
        expect(run.stderr).to.contain('run  sudo apt-get install -y xmlsec1 opensaml-schemas xmltooling-schemas chromium postgresql');
        expect(s.commands()).to.deep.equal([]);
        return;
      }
      const said = run.stderr.split('\n').filter((line) => line.startsWith('[setup]') || line.startsWith('(apt-get'));
      expect(said.slice(0, 5)).to.deep.equal([
        '[setup] installing Debian package xmlsec1 with apt-get — independent signature verification',
        '[setup] installing Debian package opensaml-schemas with apt-get — SAML XSD validation',
        '[setup] installing Debian package xmltooling-schemas with apt-get — XML-DSig XSD validation',
        '[setup] installing Debian package chromium with apt-get — browser tests (driven by playwright-core; no browser is downloaded)',
        '[setup] installing Debian package postgresql with apt-get — throwaway PostgreSQL cluster for the PostgreSQL store tests',
      ]);
      expect(said.slice(5)).to.deep.equal([
        '(apt-get update)',
        '(apt-get install)',
        '[setup] stopping PostgreSQL cluster 16/main, started by installing postgresql (the tests start their own)',
      ]);
      expect(s.commands()).to.deep.equal([
        'apt-get --version',
        'pg_lsclusters --no-header',
        'apt-get update -qq',
        'apt-get install -y -qq xmlsec1 opensaml-schemas xmltooling-schemas chromium postgresql',
        'pg_lsclusters --no-header',
        'pg_ctlcluster 16 main stop',
      ]);
      expect(s.clusterOnline()).to.equal(false);
    } finally {
      s.close();
    }
  });

  it('installs nothing and says nothing when every Debian package is there', () => {
    const s = setUp(false);
    try {
      for (const marker of [
        'usr/bin/xmlsec1',
        'usr/share/xml/opensaml/saml-schema-metadata-2.0.xsd',
        'usr/share/xml/xmltooling/xmldsig-core-schema.xsd',
        'usr/bin/chromium',
        'usr/lib/postgresql/16/bin/initdb',
      ]) {
        const path = join(s.dir, 'system', marker);
        mkdirSync(join(path, '..'), { recursive: true });
        writeFileSync(path, '');
      }
      const run = s.run();
      expect(run.status, run.stderr).to.equal(0);
      expect(run.stderr).to.equal('');
      expect(s.commands()).to.deep.equal([]);
    } finally {
      s.close();
    }
  });
});
