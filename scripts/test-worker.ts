// One worker of scripts/test.ts's pool: a long-lived process that runs the test files the parent sends it
// (IPC message `{ file }`), one fresh mocha instance per file, in the order received. Module state is shared
// between the files of one worker as it was in the one serial run (ESM modules load once per process).
//
// Each file's spec output goes to stdout and ends with a report line: RECORD_MARK + JSON (FileReport). The
// report travels in the same stream as the output, so the parent can print each file's output as one block.
import { readdirSync, readFileSync } from 'node:fs';
import Mocha from 'mocha';
import { type FileReport, RECORD_MARK } from './test-report.js';
import { runWorkerExitHooks } from './test-worker-exit.js';

const { Base, Spec } = Mocha.reporters;

/** spec, without the per-file "N passing" lines (the parent prints one total); the failures list stays. */
class FileSpec extends Spec {
  override epilogue(): void {
    const failures = (this as unknown as { failures: Mocha.Test[] }).failures;
    if (failures.length === 0) return;
    Base.consoleLog();
    Base.list(failures);
  }
}

// Writes to process.stderr (console.error, loggers on the stream) join the file's block instead of
// interleaving with other workers' output; writes straight to fd 2 still go out live.
process.stderr.write = process.stdout.write.bind(process.stdout) as typeof process.stderr.write;

/** utime + stime + cutime + cstime of one /proc/<pid>/stat, in ms, and its parent pid (proc(5)). */
function procCpu(pid: string | number): { ppid: number; ms: number; reapedMs: number } | undefined {
  try {
    // Fields after the ")" that ends the command name: state is field 3, ppid 4, utime 14 … cstime 17.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const tick = 1000 / 100; // USER_HZ is 100 on Linux
    return {
      ppid: Number(f[1]),
      ms: (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * tick,
      reapedMs: (Number(f[13]) + Number(f[14])) * tick,
    };
  } catch {
    return undefined;
  }
}

/**
 * CPU ms of every process below this one so far: the reaped children (cutime + cstime) plus the live
 * descendants with what they reaped (a Chromium shared by the worker's files lives on between them). A file's
 * share is the difference across it. 0 without /proc (macOS): child CPU stays unknown.
 */
function childrenCpuMs(): number {
  const own = procCpu('self');
  if (!own) return 0;
  const cpuOf = new Map<number, number>();
  const childrenOf = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const cpu = /^\d+$/.test(entry) ? procCpu(entry) : undefined;
    if (!cpu) continue;
    cpuOf.set(Number(entry), cpu.ms);
    childrenOf.set(cpu.ppid, [...(childrenOf.get(cpu.ppid) ?? []), Number(entry)]);
  }
  let total = own.reapedMs;
  const pending = [process.pid];
  for (let parent = pending.pop(); parent !== undefined; parent = pending.pop()) {
    for (const child of childrenOf.get(parent) ?? []) {
      total += cpuOf.get(child) ?? 0;
      pending.push(child);
    }
  }
  return total;
}

async function runFile(file: string): Promise<FileReport> {
  const started = Date.now();
  const cpu = process.cpuUsage();
  const childCpu = childrenCpuMs();
  const report: FileReport = { file, passes: 0, failures: 0, pending: 0, failed: [], ms: 0, cpuMs: 0 };
  const elapsed = () => {
    const used = process.cpuUsage(cpu);
    return { ms: Date.now() - started, cpuMs: Math.round((used.user + used.system) / 1000), childCpuMs: childrenCpuMs() - childCpu };
  };
  const mocha = new Mocha({
    timeout: 30_000,
    reporter: FileSpec,
    color: process.env.SAMLBRIDGE_TEST_COLOR === '1',
    grep: process.env.SAMLBRIDGE_TEST_GREP || undefined,
  });
  mocha.addFile(file);
  try {
    await mocha.loadFilesAsync();
  } catch (err) {
    console.log(`\n  could not load ${file}:\n${(err as Error).stack ?? err}`);
    return { ...report, failures: 1, failed: [{ title: '(loading the file)', message: firstLine(err) }], ...elapsed() };
  }
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => {
      // The runner adds these for the run; the next file's runner adds its own.
      process.removeAllListeners('uncaughtException');
      process.removeAllListeners('unhandledRejection');
      resolve();
    });
    runner.on('pass', () => report.passes++);
    runner.on('pending', () => report.pending++);
    runner.on('fail', (test, err) => {
      report.failures++;
      report.failed.push({ title: test.fullTitle(), message: firstLine(err) });
    });
  });
  return { ...report, ...elapsed() };
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0]?.slice(0, 300) ?? '';
}

let queue = Promise.resolve();
process.on('message', (message: { file?: string }) => {
  const { file } = message;
  if (!file) return;
  queue = queue.then(async () => {
    const report = await runFile(file);
    await new Promise<void>((resolve) => process.stdout.write(`\n${RECORD_MARK}${JSON.stringify(report)}\n`, () => resolve()));
  });
});
// The parent closes the channel when the queue is empty: close what the files shared (scripts/test-worker-exit.ts),
// then leave even if a test left a server open.
process.on('disconnect', () => {
  void queue.then(() => runWorkerExitHooks()).then(() => process.exit(0));
});
