// Installs what the workspace needs when it is missing or stale, so that `npm start` and `npm test`
// work on a fresh machine with only Node + npm:
// - node_modules, with the pinned pnpm (npx fetches it once);
// - with --system: the Debian packages the tests use (xmlsec1, SAML schemas, chromium, postgresql), when running as root
//   on a machine with apt-get; elsewhere it names the command to run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function ensureNodeModules() {
  const pnpm = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager;
  const marker = join(root, 'node_modules', '.modules.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs);
  if (!stale) return;
  const frozen = existsSync(lock) ? ['--frozen-lockfile'] : [];
  console.error(`[setup] installing dependencies with ${pnpm} …`);
  execFileSync('npx', ['--yes', pnpm, 'install', ...frozen], { cwd: root, stdio: 'inherit' });
}

/** Debian packages the test suite uses, each with a file whose presence says it is installed. */
const SYSTEM_PACKAGES = [
  { name: 'xmlsec1', marker: '/usr/bin/xmlsec1', why: 'independent signature verification' },
  { name: 'opensaml-schemas', marker: '/usr/share/xml/opensaml/saml-schema-metadata-2.0.xsd', why: 'SAML XSD validation' },
  { name: 'xmltooling-schemas', marker: '/usr/share/xml/xmltooling/xmldsig-core-schema.xsd', why: 'XML-DSig XSD validation' },
  { name: 'chromium', marker: '/usr/bin/chromium', why: 'browser tests (driven by playwright-core; no browser is downloaded)' },
  { name: 'postgresql', marker: '/usr/lib/postgresql/*/bin/initdb', why: 'throwaway PostgreSQL cluster for the PostgreSQL store tests' },
];

/** `existsSync` with one `*` path segment allowed (the PostgreSQL major version). */
function markerExists(marker) {
  const star = marker.indexOf('*');
  if (star < 0) return existsSync(marker);
  const parent = dirname(marker.slice(0, star + 1));
  const rest = marker.slice(star + 1).replace(/^[^/]*/, '');
  if (!existsSync(parent)) return false;
  return readdirSync(parent).some((entry) => existsSync(join(parent, entry) + rest));
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
  console.error(`[setup] installing Debian packages: ${names.join(', ')} …`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', ...names], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

ensureNodeModules();
if (process.argv.includes('--system')) ensureSystemPackages();
