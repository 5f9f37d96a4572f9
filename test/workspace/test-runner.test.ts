// scripts/test.ts: the files run in a pool of worker processes; each file's output is one block, the failures are
// listed again with their file, and the last line sums every worker's counts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitPortRange, testPortRange } from '@samlbridge/test-support';
import { expect } from 'chai';
import { scheduleOrder } from '../../scripts/test-pool.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = 'test/workspace/fixtures/runner';

interface Run {
  status: number | null;
  /** stdout and stderr */
  output: string;
  /** stdout's last line, the one CI reads */
  last: string | undefined;
}

function runTests(...args: string[]): Run {
  return runTestsWith({}, ...args);
}

function runTestsWith(extraEnv: Record<string, string>, ...args: string[]): Run {
  const env = { ...process.env, CI: '1', TEST_JOBS: '', ...extraEnv };
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/test.ts', ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}`, last: run.stdout.trimEnd().split('\n').at(-1) };
}

describe('scripts/test.ts (the test runner)', function () {
  this.timeout(60_000);
  // One run of two workers over four files (worker processes are the expensive part): one file passes, one has a
  // failing test, one ends its worker process mid-test, one prints the ports its worker was given.
  let run: Run;
  before(() => {
    run = runTests(
      '--jobs',
      '2',
      `${FIXTURES}/passes.test.ts`,
      `${FIXTURES}/fails.test.ts`,
      `${FIXTURES}/crashes.test.ts`,
      `${FIXTURES}/ports.test.ts`,
    );
  });

  it('sums the counts of the files run in parallel workers into the last line, and exits 1 on a failure', () => {
    expect(run.last).to.equal('4 passed, 2 failed');
    expect(run.status).to.equal(1);
  });

  it('ends when its workers end after their last file, without killing them at its 10 s give-up', () => {
    expect(run.output).not.to.include('had not ended');
  });

  it("prints each file's output as one block headed by its path and counts", () => {
    expect(run.output).to.include(`── ${FIXTURES}/passes.test.ts (2 passed`);
    expect(run.output).to.match(
      new RegExp(`── ${FIXTURES}/passes.test.ts \\(2 passed, [0-9.]+ s\\)\\n  runner fixture: passing\\n    ✔ adds`),
    );
    expect(run.output).to.include(`── ${FIXTURES}/fails.test.ts (1 FAILED`);
  });

  it('names the file and the full title of a failed test in the list at the end', () => {
    const failed = run.output.slice(run.output.indexOf('\nFailed:'));
    expect(failed).to.include(
      `${FIXTURES}/fails.test.ts\n     runner fixture: failing compares two different numbers\n     the answer: expected 41 to equal 42`,
    );
  });

  it('fails a file whose worker dies mid-run, keeping its output, and runs the other files in a new worker', () => {
    const block = run.output.slice(run.output.indexOf(`── ${FIXTURES}/crashes.test.ts`));
    expect(block).to.include('output before the crash');
    expect(block).to.include('the test worker exited (code 3) while running this file');
    const failed = run.output.slice(run.output.indexOf('\nFailed:'));
    expect(failed).to.include(`${FIXTURES}/crashes.test.ts\n     (the whole file)`);
  });

  it("gives each worker its own block of this process's ports, below the kernel's ephemeral ones, and keeps the first for itself", () => {
    // Run inside the test runner this process has a block of its own, which the nested runner splits again.
    const [own, ...workers] = splitPortRange(testPortRange(), 2 + 1);
    const [, first, last, port] = (/worker ports (\d+)-(\d+) gave (\d+)/.exec(run.output) ?? []).map(Number);
    expect(workers.map((w) => `${w.first}-${w.last}`)).to.include(`${first}-${last}`);
    expect(own?.last).to.be.below(first as number);
    expect(port).to.be.within(first as number, last as number);
  });

  it('refuses an unknown option with the list of known ones', () => {
    const { status, output } = runTests('--paralel');
    expect(output).to.include('unknown option --paralel (known: --jobs N, --grep PATTERN, --record-durations, --profile)');
    expect(status).to.not.equal(0);
  });

  it('records the durations of the files it ran, keeps those of files it did not run, and drops those of files that are gone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'samlbridge-durations-'));
    try {
      const file = join(dir, 'durations.json');
      const kept = `${FIXTURES}/fails.test.ts`;
      writeFileSync(file, JSON.stringify({ [`${FIXTURES}/passes.test.ts`]: 999_999, [kept]: 1234, 'test/gone.test.ts': 5 }));
      const { last } = runTestsWith({ SAMLBRIDGE_TEST_DURATIONS: file }, '--record-durations', `${FIXTURES}/passes.test.ts`);
      expect(last).to.equal('2 passed, 0 failed');
      const recorded = JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>;
      expect(Object.keys(recorded)).to.deep.equal([kept, `${FIXTURES}/passes.test.ts`]);
      expect(recorded[kept]).to.equal(1234);
      expect(recorded[`${FIXTURES}/passes.test.ts`]).to.be.below(999_999);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops its throwaway PostgreSQL cluster when it ends with an error, and says what is wrong with a broken durations file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samlbridge-runner-'));
    try {
      // The cluster starts (a file uses PostgreSQL), the file passes, then writing its report fails (no such folder).
      const failed = runTestsWith(
        { TEST_DATABASE_URL: '', SAMLBRIDGE_TEST_REPORTS: join(dir, 'missing', 'reports.json') },
        `${FIXTURES}/uses-postgres.test.ts`,
      );
      expect(failed.output).to.include('1 passed').and.to.include('ENOENT');
      expect(failed.status).to.not.equal(0);
      const [, port, clusterDir] =
        failed.output.match(/throwaway PostgreSQL cluster at postgres:\/\/postgres@127\.0\.0\.1:(\d+)\/postgres in (\S+) /) ?? [];
      expect(clusterDir, failed.output).to.be.a('string');
      expect(existsSync(clusterDir as string), 'cluster directory').to.equal(false);
      const refused = await new Promise<string>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
      });
      expect(refused).to.equal('ECONNREFUSED');

      const broken = join(dir, 'durations.json');
      writeFileSync(broken, '{"test/a.test.ts": 12');
      const unreadable = runTestsWith({ SAMLBRIDGE_TEST_DURATIONS: broken }, `${FIXTURES}/passes.test.ts`);
      expect(unreadable.output).to.include(`${broken} is not valid JSON`).and.to.include('--record-durations writes it again');
      expect(unreadable.status).to.not.equal(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('hands out the longest files first by their last duration, a file without one as 5 s, ties by path', () => {
    const order = scheduleOrder(['a.test.ts', 'b.test.ts', 'new.test.ts', 'c.test.ts'], {
      'a.test.ts': 100,
      'b.test.ts': 9000,
      'c.test.ts': 100,
    });
    expect(order).to.deep.equal(['b.test.ts', 'new.test.ts', 'a.test.ts', 'c.test.ts']);
  });
});
