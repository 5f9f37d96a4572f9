// Runs every test suite of the workspace and ends with the line CI reads:
// `N passed, N failed` (", N skipped" when any). Arguments narrow the run to folders or files.
// The files run in a pool of worker processes (scripts/test-pool.ts, scripts/test-worker.ts), longest first
// by scripts/test-durations.json; each file's output is printed as one block when it ends, and the failures
// are listed again at the end with their file. Options:
//   --jobs N             worker processes (default TEST_JOBS, else CPU count + 1: suites also wait on I/O)
//   --grep PATTERN       only the tests whose full title matches
//   --record-durations   write this run's per-file wall times to scripts/test-durations.json
//   --profile            end with the files that took the most CPU (worker + the processes below it: apps,
//                        Chromium) and the run's total, the throwaway PostgreSQL server's included: on a 2-core
//                        machine the wall time is about total CPU ÷ 2
// The PostgreSQL suites need a server: without TEST_DATABASE_URL a throwaway cluster is started
// (scripts/postgres-cluster.ts) for the run and stopped after it. When none can be started, the
// PostgreSQL suites fail with the reason (they never skip).
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { freePort, type PortRange, portRangeEnv, splitPortRange, testPortRange } from '@samlbridge/test-support';
import { type PostgresCluster, startPostgresCluster } from './postgres-cluster.js';
import { startPool } from './test-pool.js';
import type { FileReport } from './test-report.js';

/** Where the durations are read and recorded (SAMLBRIDGE_TEST_DURATIONS: another file, for the runner's own test). */
const durationsFile = process.env.SAMLBRIDGE_TEST_DURATIONS || join('scripts', 'test-durations.json');

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

function parseArgs(argv: string[]): { roots: string[]; jobs: number; grep?: string; recordDurations: boolean; profile: boolean } {
  const roots: string[] = [];
  let jobs = Number(process.env.TEST_JOBS) || availableParallelism() + 1;
  let grep: string | undefined;
  let recordDurations = false;
  let profile = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--jobs') {
      jobs = Number(argv[++i]);
      if (!Number.isInteger(jobs) || jobs < 1) throw new Error('--jobs needs a whole number of at least 1');
    } else if (arg === '--grep') {
      grep = argv[++i];
      if (!grep) throw new Error('--grep needs a pattern');
    } else if (arg === '--record-durations') recordDurations = true;
    else if (arg === '--profile') profile = true;
    else if (arg.startsWith('--'))
      throw new Error(`unknown option ${arg} (known: --jobs N, --grep PATTERN, --record-durations, --profile)`);
    else roots.push(arg);
  }
  return { roots, jobs, grep, recordDurations, profile };
}

const args = parseArgs(process.argv.slice(2));
const packageTests = readdirSync('packages').map((name) => join('packages', name, 'test'));
const roots = args.roots.length > 0 ? args.roots : [...packageTests, 'certs/test', 'test'];
const files = roots.flatMap(testFiles).sort();

/** Files that talk to PostgreSQL: they read TEST_DATABASE_URL directly, or through a helper that does. */
const POSTGRES_USE =
  /TEST_DATABASE_URL|testDatabaseServer|scratchEngines|appOnEngine|migrated(Idp|Sp)Database|(migrated|scratch)DatabaseFixture|describeReadOnlyDatabase|describeOnBothEngines/;
const needsPostgres = files.some((f) => POSTGRES_USE.test(readFileSync(f, 'utf8')));
// The ports this run may hand to apps (packages/test-support/src/test-ports.ts): one block for this process (the
// PostgreSQL cluster), one for each worker, so no two processes of the run are ever given the same port.
const [ownPorts, ...workerPorts] = splitPortRange(testPortRange(), args.jobs + 1) as [PortRange, ...PortRange[]];
let cluster: PostgresCluster | undefined;
if (needsPostgres && !process.env.TEST_DATABASE_URL) {
  const started = Date.now();
  try {
    // Stopped when this process exits, however it exits: a throw of this script included.
    cluster = await startPostgresCluster({ port: await freePort(ownPorts) });
    process.env.TEST_DATABASE_URL = cluster.url;
    console.error(`[test] throwaway PostgreSQL cluster at ${cluster.url} in ${cluster.dir} (${Date.now() - started} ms)`);
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
const durations = readDurations(durationsFile);
const started = Date.now();
const pool = startPool({
  files,
  jobs: args.jobs,
  durations,
  env: { ...process.env, SAMLBRIDGE_TEST_COLOR: process.env.CI ? '0' : '1', SAMLBRIDGE_TEST_GREP: args.grep ?? '' },
  slotEnv: (slot) => portRangeEnv(workerPorts[slot] as PortRange),
  onFile(report, output) {
    const seconds = (report.ms / 1000).toFixed(1);
    const status = report.failures > 0 ? `${report.failures} FAILED` : `${report.passes} passed`;
    process.stdout.write(`\n── ${report.file} (${status}, ${seconds} s)\n${withoutBlankEnds(output)}\n`);
  },
});
console.error(`[test] ${files.length} files in ${Math.min(args.jobs, files.length)} worker processes`);

process.once('SIGINT', () => {
  pool.kill();
  process.exit(130);
});
process.once('SIGTERM', () => {
  pool.kill();
  process.exit(143);
});

const reports = await pool.done;
if (process.env.SAMLBRIDGE_TEST_REPORTS) writeFileSync(process.env.SAMLBRIDGE_TEST_REPORTS, JSON.stringify(reports, null, 1));
const postgresCpuMs = cluster?.cpuMs();
stopCluster();
if (args.profile) printProfile(reports, postgresCpuMs);
printSummary(reports, Date.now() - started);
if (args.recordDurations) {
  for (const report of reports) durations[report.file] = report.ms;
  // The files of a partial run are updated, the others kept; a file that is gone (renamed, deleted) is dropped.
  const kept = Object.entries(durations).filter(([file]) => existsSync(file));
  const sorted = Object.fromEntries(kept.sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(durationsFile, `${JSON.stringify(sorted, null, 2)}\n`);
}
// The workers end after their exit hooks (closing the Chromium their files shared): waiting for them keeps their
// CPU in this process's accounts (/usr/bin/time). One kept busy by a server or pool a failing test left open must
// not keep CI waiting.
const giveUp = setTimeout(() => {
  console.error('[test] a test worker had not ended 10 s after the last file: killed (a server or pool left open?)');
  pool.kill();
  process.exit(process.exitCode);
}, 10_000);
await pool.exited;
clearTimeout(giveUp);

/** The last recorded duration of each file, in ms ({} without the file). */
function readDurations(file: string): Record<string, number> {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file} is not valid JSON (${(err as Error).message}): delete it, and a run with --record-durations writes it again`);
  }
}

/** The output without its leading and trailing blank lines (spec starts a run with one holding a colour reset). */
function withoutBlankEnds(output: string): string {
  const lines = output.split('\n');
  const blank = (line: string) => line.replaceAll('\u001b[0m', '').trim() === '';
  while (lines.length > 0 && blank(lines[0] as string)) lines.shift();
  while (lines.length > 0 && blank(lines[lines.length - 1] as string)) lines.pop();
  return lines.join('\n');
}

/** The files by CPU (worker + waited-for children), most first, and the totals (this process included). */
function printProfile(reports: FileReport[], postgresCpuMs: number | undefined): void {
  const cpuOf = (r: FileReport) => r.cpuMs + (r.childCpuMs ?? 0);
  const seconds = (ms: number) => (ms / 1000).toFixed(1).padStart(7);
  console.log('\n[test] CPU by file (s): worker + children = total, wall');
  for (const r of [...reports].sort((a, b) => cpuOf(b) - cpuOf(a)).slice(0, 30)) {
    console.log(`${seconds(r.cpuMs)} +${seconds(r.childCpuMs ?? 0)} =${seconds(cpuOf(r))} ${seconds(r.ms)}  ${r.file}`);
  }
  const own = process.cpuUsage();
  const workers = reports.reduce((n, r) => n + r.cpuMs, 0);
  const children = reports.reduce((n, r) => n + (r.childCpuMs ?? 0), 0);
  const runner = (own.user + own.system) / 1000;
  const postgres = postgresCpuMs === undefined ? 'not counted' : `${seconds(postgresCpuMs).trim()} s`;
  console.log(
    `[test] CPU in files ${seconds(workers).trim()} s, their child processes ${seconds(children).trim()} s, this process ${seconds(runner).trim()} s, the throwaway PostgreSQL server ${postgres}`,
  );
}

function printSummary(reports: FileReport[], ms: number): void {
  const sum = (key: 'passes' | 'failures' | 'pending') => reports.reduce((n, r) => n + r[key], 0);
  const [passes, failures, pending] = [sum('passes'), sum('failures'), sum('pending')];
  const failed = reports.filter((r) => r.failures > 0).sort((a, b) => a.file.localeCompare(b.file));
  if (failed.length > 0) {
    console.log('\nFailed:');
    let n = 0;
    for (const report of failed) {
      for (const { title, message } of report.failed) console.log(`  ${++n}) ${report.file}\n     ${title}\n     ${message}`);
    }
  }
  console.log(`\n[test] ${reports.length} files, ${(ms / 1000).toFixed(1)} s`);
  console.log(`\n${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
  process.exitCode = failures > 0 || passes === 0 ? 1 : 0;
}
