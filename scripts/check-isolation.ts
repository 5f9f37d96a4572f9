// Checks that every `it` runs alone (ARCHITECTURE.md §4): lists the test titles of each file (mocha --dry-run),
// then runs mocha once per title with `--grep` on the escaped, anchored full title, each in a fresh
// process, and reports the titles that fail (or run no test) alone.
//
//   node --import tsx scripts/check-isolation.ts [--jobs N] [--screen] [files or folders…]
//
// --screen is the quick pass: each file runs once with its tests (and suites) in reverse order, which
// makes a test that needs an earlier test's state, or that a later test's lockout breaks, fail; only
// the titles that fail reversed are then run alone. It can miss a test whose missing state a later
// test happens to make; the full check (one process per title) cannot.
//
// Without arguments it checks every test file under packages/*/test and test/, except test/browser
// (too slow to run once per title; name a browser file to check it anyway). The PostgreSQL suites
// need TEST_DATABASE_URL (start a cluster with `node --import tsx scripts/postgres-cluster.ts start`).
// Exit code 1 when any title fails alone.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const mochaBin = join('node_modules', 'mocha', 'bin', 'mocha.js');
/** A single test that takes longer than this (set-up included) counts as failing. */
const runLimitMs = 300_000;

interface MochaJson {
  stats: { tests: number; passes: number; failures: number; pending: number };
  tests: { fullTitle: string }[];
  failures: { fullTitle: string; err: { message?: string } }[];
}

interface Outcome {
  file: string;
  title: string;
  ok: boolean;
  reason: string;
  ms: number;
}

function testFiles(path: string, explicit: boolean): string[] {
  if (!existsSync(path)) throw new Error(`no such file or folder: ${path}`);
  if (statSync(path).isFile()) return [path];
  if (!explicit && path === join('test', 'browser')) return [];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'fixtures') return [];
    const full = join(path, entry.name);
    if (entry.isDirectory()) return testFiles(full, false);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** A `--grep` pattern that matches exactly this full title (mocha turns the string into a RegExp). */
function exactTitlePattern(fullTitle: string): string {
  return `^${fullTitle.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`;
}

interface RunResult {
  code: number | null;
  output: string;
  report?: MochaJson;
}

async function runMocha(file: string, extra: string[]): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'check-isolation-'));
  const reportFile = join(dir, 'report.json');
  const args = [
    '--import',
    'tsx',
    mochaBin,
    '--timeout',
    '30000',
    '--exit',
    '--reporter',
    'json',
    '--reporter-option',
    `output=${reportFile}`,
    ...extra,
    file,
  ];
  try {
    return await new Promise<RunResult>((resolve) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      let output = '';
      const keep = (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-4000);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      const timer = setTimeout(() => {
        output += `\n[check-isolation] no result after ${runLimitMs / 1000} s; stopped`;
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      }, runLimitMs);
      child.on('close', (code) => {
        clearTimeout(timer);
        const report = existsSync(reportFile) ? (JSON.parse(readFileSync(reportFile, 'utf8')) as MochaJson) : undefined;
        resolve({ code, output, report });
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A mocha root-hook plugin that reverses the order of every suite's tests and child suites before they run. */
function reversePlugin(): string {
  const dir = mkdtempSync(join(tmpdir(), 'check-isolation-plugin-'));
  const file = join(dir, 'reverse.mjs');
  writeFileSync(
    file,
    `const reverse = (suite) => { suite.tests.reverse(); suite.suites.reverse(); suite.suites.forEach(reverse); };
export const mochaHooks = { beforeAll() { reverse(this.test.parent); } };
`,
  );
  return file;
}

/** The titles that fail when the whole file runs in reverse order, or every title when a hook fails. */
async function screenTitles(file: string, titles: string[], plugin: string): Promise<string[]> {
  const result = await runMocha(file, ['--require', plugin]);
  if (!result.report) return titles;
  const failed = new Set(result.report.failures.map((f) => f.fullTitle));
  if ([...failed].some((t) => !titles.includes(t))) return titles; // a hook failed: check every title
  return titles.filter((t) => failed.has(t));
}

async function listTitles(file: string): Promise<string[]> {
  const result = await runMocha(file, ['--dry-run']);
  if (!result.report) throw new Error(`could not list the tests of ${file}:\n${result.output}`);
  return [...new Set(result.report.tests.map((t) => t.fullTitle))];
}

async function checkTitle(file: string, title: string): Promise<Outcome> {
  const started = Date.now();
  const result = await runMocha(file, ['--grep', exactTitlePattern(title)]);
  const ms = Date.now() - started;
  const stats = result.report?.stats;
  if (!stats) return { file, title, ok: false, reason: lastLines(result.output), ms };
  if (stats.failures > 0) {
    const messages = result.report?.failures.map((f) => `${f.fullTitle}: ${firstLine(f.err.message)}`) ?? [];
    return { file, title, ok: false, reason: messages.join('\n'), ms };
  }
  if (stats.passes === 0) return { file, title, ok: false, reason: 'no test ran (pending or not matched)', ms };
  return { file, title, ok: true, reason: '', ms };
}

function firstLine(text = ''): string {
  return text.split('\n').slice(0, 3).join(' ').slice(0, 400);
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-8).join('\n');
}

/** Runs the tasks with at most `jobs` at a time, in order of start. */
async function pool<T>(tasks: (() => Promise<T>)[], jobs: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
  return results;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let jobs = 1;
  let screen = false;
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--jobs') jobs = Math.max(1, Number(argv[++i]) || 1);
    else if (argv[i] === '--screen') screen = true;
    else paths.push(argv[i] as string);
  }
  const roots = paths.length > 0 ? paths : [...readdirSync('packages').map((p) => join('packages', p, 'test')), 'test'];
  const files = roots.flatMap((root) => testFiles(root, paths.length > 0)).sort();
  if (!process.env.TEST_DATABASE_URL) {
    console.error('[check-isolation] TEST_DATABASE_URL is not set: the PostgreSQL suites will fail');
  }

  const plugin = screen ? reversePlugin() : '';
  const failed: Outcome[] = [];
  let checked = 0;
  let ranAlone = 0;
  for (const file of files) {
    let titles: string[];
    try {
      titles = await listTitles(file);
    } catch (err) {
      console.log(`✗ ${file}: ${(err as Error).message}`);
      failed.push({ file, title: '(listing)', ok: false, reason: (err as Error).message, ms: 0 });
      continue;
    }
    const alone = screen ? await screenTitles(file, titles, plugin) : titles;
    const outcomes = await pool(
      alone.map((title) => () => checkTitle(file, title)),
      jobs,
    );
    checked += titles.length;
    ranAlone += outcomes.length;
    const bad = outcomes.filter((o) => !o.ok);
    failed.push(...bad);
    const slowest = Math.max(0, ...outcomes.map((o) => o.ms));
    const screened = screen ? `, ${titles.length - alone.length} passed reversed` : '';
    console.log(
      `${bad.length ? '✗' : '✓'} ${file}: ${outcomes.length - bad.length}/${outcomes.length} alone${screened} (slowest ${slowest} ms)`,
    );
    for (const o of bad) console.log(`    fails alone: ${o.title}\n      ${o.reason.replace(/\n/g, '\n      ')}`);
  }

  const how = screen ? ` (${ranAlone} run alone after the reversed run)` : '';
  console.log(`\n${checked} titles in ${files.length} files checked${how}, ${failed.length} fail alone`);
  for (const o of failed) console.log(`  ${o.file} — ${o.title}`);
  if (plugin) rmSync(join(plugin, '..'), { recursive: true, force: true });
  process.exitCode = failed.length > 0 ? 1 : 0;
}

await main();
