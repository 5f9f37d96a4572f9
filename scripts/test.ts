// Runs every test suite of the workspace in one mocha run and ends with the line CI reads:
// `N passed, N failed` (", N skipped" when any). Arguments narrow the run to folders or files.
// The PostgreSQL suites need a server: without TEST_DATABASE_URL a throwaway cluster is started
// (scripts/postgres-cluster.ts) for the run and stopped after it. When none can be started, the
// PostgreSQL suites fail with the reason (they never skip).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { type PostgresCluster, startPostgresCluster } from './postgres-cluster.js';

function testFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'fixtures') return [];
    const full = join(path, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

const packageTests = readdirSync('packages').map((name) => join('packages', name, 'test'));
const roots = process.argv.length > 2 ? process.argv.slice(2) : [...packageTests, 'certs/test', 'test'];
const files = roots.flatMap(testFiles).sort();

/** Files that talk to PostgreSQL (they read TEST_DATABASE_URL, directly or through testDatabaseServer()). */
const needsPostgres = files.some((f) => /TEST_DATABASE_URL|testDatabaseServer\(/.test(readFileSync(f, 'utf8')));
let cluster: PostgresCluster | undefined;
if (needsPostgres && !process.env.TEST_DATABASE_URL) {
  const started = Date.now();
  try {
    cluster = await startPostgresCluster();
    process.env.TEST_DATABASE_URL = cluster.url;
    console.error(`[test] throwaway PostgreSQL cluster at ${cluster.url} (${Date.now() - started} ms)`);
  } catch (err) {
    console.error(`[test] no PostgreSQL for the PostgreSQL suites: ${(err as Error).message}`);
  }
}
const stopCluster = () => {
  try {
    cluster?.stop();
  } catch (err) {
    console.error(`[test] stopping the PostgreSQL cluster failed: ${(err as Error).message}`);
  }
};
process.once('SIGINT', () => {
  stopCluster();
  process.exit(130);
});
process.once('SIGTERM', () => {
  stopCluster();
  process.exit(143);
});

const mocha = new Mocha({ timeout: 30_000, reporter: 'spec', color: !process.env.CI });
for (const file of files) mocha.addFile(file);
await mocha.loadFilesAsync();

const runner = mocha.run((failures) => {
  const { passes, pending } = runner.stats ?? { passes: 0, pending: 0 };
  console.log(`\n${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
  process.exitCode = failures > 0 || passes === 0 ? 1 : 0;
  stopCluster();
  // A server or pool left open by a failing test must not keep CI waiting.
  setTimeout(() => process.exit(process.exitCode), 2000).unref();
});
