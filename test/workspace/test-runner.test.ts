// scripts/test.ts: the files run in a pool of worker processes; each file's output is one block, the failures are
// listed again with their file, and the last line sums every worker's counts.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';
import { scheduleOrder } from '../../scripts/test-pool.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = 'test/workspace/fixtures/runner';

/** The exit status, stdout and stderr of a run; `last` is stdout's last line (the one CI reads). */
function runTests(...args: string[]): { status: number | null; output: string; last: string | undefined } {
  const env = { ...process.env, CI: '1', TEST_JOBS: '' };
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

  it('sums the counts of files run in parallel workers into the last line, and exits 0 when all pass', () => {
    const { status, output, last } = runTests(
      '--jobs',
      '2',
      `${FIXTURES}/passes.test.ts`,
      `${FIXTURES}/fails.test.ts`,
      '--grep',
      'adds|concatenates|passes before',
    );
    expect(last).to.equal('3 passed, 0 failed');
    expect(output).to.include(`── ${FIXTURES}/passes.test.ts (2 passed`);
    expect(status).to.equal(0);
  });

  it('names the file and the full title of a failed test in the list at the end, and exits 1', () => {
    const { status, output, last } = runTests('--jobs', '2', `${FIXTURES}/passes.test.ts`, `${FIXTURES}/fails.test.ts`);
    const failed = output.slice(output.indexOf('\nFailed:'));
    expect(failed).to.include(
      `1) ${FIXTURES}/fails.test.ts\n     runner fixture: failing compares two different numbers\n     the answer: expected 41 to equal 42`,
    );
    expect(output).to.include(`── ${FIXTURES}/fails.test.ts (1 FAILED`);
    expect(last).to.equal('3 passed, 1 failed');
    expect(status).to.equal(1);
  });

  it('fails a file whose worker dies mid-run, keeps its output, and runs the other files in a new worker', () => {
    const { status, output, last } = runTests('--jobs', '1', `${FIXTURES}/crashes.test.ts`, `${FIXTURES}/passes.test.ts`);
    const block = output.slice(output.indexOf(`── ${FIXTURES}/crashes.test.ts`));
    expect(block).to.include('output before the crash');
    expect(block).to.include('the test worker exited (code 3) while running this file');
    expect(output).to.include(`── ${FIXTURES}/passes.test.ts (2 passed`);
    expect(last).to.equal('2 passed, 1 failed');
    expect(status).to.equal(1);
  });

  it('refuses an unknown option with the list of known ones', () => {
    const { status, output } = runTests('--paralel');
    expect(output).to.include('unknown option --paralel (known: --jobs N, --grep PATTERN, --record-durations)');
    expect(status).to.not.equal(0);
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
