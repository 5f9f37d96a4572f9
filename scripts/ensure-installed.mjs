// Installs what the workspace needs when it is missing or stale, so that `npm start` and `npm test`
// work on a fresh machine with only Node + npm. It says what it installs, and why, before doing it:
// - node_modules, with the pnpm pinned in package.json's packageManager (npx fetches it once; its
//   sha512 is checked against the pin first);
// - with --system: the Debian packages the tests use (xmlsec1, SAML schemas, chromium, postgresql), when running as root
//   on a machine with apt-get; elsewhere it names the command to run. A PostgreSQL cluster that
//   installing postgresql started is stopped again (the tests start their own throwaway cluster).
// SAMLBRIDGE_SYSTEM_ROOT (default /) is where the Debian packages' files are looked for (its test points it at an
// empty folder, with stand-ins for apt-get and the pg_* commands on PATH).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** package.json's packageManager: `pnpm@<version>`, optionally `+sha512.<hex>` (corepack's form). */
function pinnedPnpm() {
  const field = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager;
  const match = /^(pnpm@\d+\.\d+\.\d+)(?:\+sha512\.([0-9a-f]{128}))?$/.exec(field ?? '');
  if (!match) {
    throw new Error(`package.json "packageManager" must read pnpm@<version> or pnpm@<version>+sha512.<hex>, not ${JSON.stringify(field)}`);
  }
  return { spec: match[1], sha512: match[2] };
}

/** Refuses a pnpm whose registry checksum differs from the pin (npm then checks the download against that checksum). */
function checkPnpmChecksum({ spec, sha512 }) {
  if (!sha512) return;
  const view = spawnSync('npm', ['view', spec, 'dist.integrity'], { cwd: root, encoding: 'utf8' });
  const integrity = view.status === 0 ? view.stdout.trim() : '';
  if (!integrity.startsWith('sha512-')) {
    console.error(`[setup] could not read the registry checksum of ${spec}; relying on npm's own check of the download`);
    return;
  }
  const actual = Buffer.from(integrity.slice('sha512-'.length), 'base64').toString('hex');
  if (actual !== sha512) {
    throw new Error(`the registry's sha512 of ${spec} (${actual}) is not the one pinned in package.json's packageManager: not installing`);
  }
}

function ensureNodeModules() {
  const marker = join(root, 'node_modules', '.modules.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  const why = !existsSync(marker)
    ? 'node_modules is missing'
    : existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs
      ? 'pnpm-lock.yaml changed since the last install'
      : undefined;
  if (!why) return;
  const pnpm = pinnedPnpm();
  const frozen = existsSync(lock) ? ['--frozen-lockfile'] : [];
  console.error(`[setup] installing node_modules with ${pnpm.spec} (fetched once by npx), exactly as pnpm-lock.yaml pins them — ${why}`);
  checkPnpmChecksum(pnpm);
  execFileSync('npx', ['--yes', pnpm.spec, 'install', ...frozen], { cwd: root, stdio: 'inherit' });
  // pnpm leaves .modules.yaml alone when nothing changed; mark the install as done so the next run skips it.
  if (existsSync(marker)) utimesSync(marker, new Date(), new Date());
}

/** Debian packages the test suite uses, each with a file whose presence says it is installed. */
const SYSTEM_PACKAGES = [
  { name: 'xmlsec1', marker: '/usr/bin/xmlsec1', why: 'independent signature verification' },
  { name: 'opensaml-schemas', marker: '/usr/share/xml/opensaml/saml-schema-metadata-2.0.xsd', why: 'SAML XSD validation' },
  { name: 'xmltooling-schemas', marker: '/usr/share/xml/xmltooling/xmldsig-core-schema.xsd', why: 'XML-DSig XSD validation' },
  { name: 'chromium', marker: '/usr/bin/chromium', why: 'browser tests (driven by playwright-core; no browser is downloaded)' },
  { name: 'postgresql', marker: '/usr/lib/postgresql/*/bin/initdb', why: 'throwaway PostgreSQL cluster for the PostgreSQL store tests' },
];

const systemRoot = process.env.SAMLBRIDGE_SYSTEM_ROOT || '/';

/** `existsSync` with one `*` path segment allowed (the PostgreSQL major version), under SAMLBRIDGE_SYSTEM_ROOT. */
function markerExists(absolute) {
  const marker = join(systemRoot, absolute);
  const star = marker.indexOf('*');
  if (star < 0) return existsSync(marker);
  const parent = dirname(marker.slice(0, star + 1));
  const rest = marker.slice(star + 1).replace(/^[^/]*/, '');
  if (!existsSync(parent)) return false;
  return readdirSync(parent).some((entry) => existsSync(join(parent, entry) + rest));
}

/** The Debian PostgreSQL clusters that are running, as "16/main" (none when pg_lsclusters is absent). */
function runningClusters() {
  const list = spawnSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' });
  if (list.status !== 0) return [];
  return list.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length >= 4 && cols[3].startsWith('online'))
    .map((cols) => `${cols[0]}/${cols[1]}`);
}

/** Debian's postgresql package starts a cluster on 5432 when installed; the tests do not use it, so stop it again. */
function stopClustersStartedSince(before) {
  for (const cluster of runningClusters().filter((c) => !before.includes(c))) {
    const [version, name] = cluster.split('/');
    console.error(`[setup] stopping PostgreSQL cluster ${cluster}, started by installing postgresql (the tests start their own)`);
    const stop = spawnSync('pg_ctlcluster', [version, name, 'stop'], { stdio: 'inherit' });
    if (stop.status !== 0) console.error(`[setup] could not stop it: run  pg_ctlcluster ${version} ${name} stop`);
  }
}

function ensureSystemPackages() {
  const missing = SYSTEM_PACKAGES.filter((p) => !markerExists(p.marker));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.name);
  const canInstall = process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!canInstall) {
    console.error(`[setup] the tests need Debian packages ${names.join(', ')}: run  sudo apt-get install -y ${names.join(' ')}`);
    return;
  }
  for (const p of missing) console.error(`[setup] installing Debian package ${p.name} with apt-get — ${p.why}`);
  const clustersBefore = runningClusters();
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  try {
    execFileSync('apt-get', ['install', '-y', '-qq', ...names], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } finally {
    stopClustersStartedSince(clustersBefore);
  }
}

try {
  ensureNodeModules();
  if (process.argv.includes('--system')) ensureSystemPackages();
} catch (err) {
  console.error(`[setup] ${err.message}`);
  process.exit(1);
}
