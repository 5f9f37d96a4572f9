// A pool of test worker processes (scripts/test-worker.ts) for scripts/test.ts. Files are handed out one at a
// time, longest first by the durations of an earlier run (longest-processing-time-first keeps the workers
// finishing together), so the run's wall time approaches max(longest file, total / jobs). Each file's output
// is printed as one block when the file ends; a worker that dies mid-file fails that file and is replaced.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type FileReport, RECORD_MARK } from './test-report.js';

const workerScript = fileURLToPath(new URL('./test-worker.ts', import.meta.url));

/** A file missing from the durations list (a new file) counts as this long, so it starts early. */
const UNKNOWN_FILE_MS = 5_000;

export interface PoolOptions {
  files: string[];
  jobs: number;
  /** Wall time in ms of each file in an earlier run (scripts/test-durations.json). */
  durations: Record<string, number>;
  env: NodeJS.ProcessEnv;
  /** What worker `slot` (0 … jobs − 1) gets on top of `env`; a worker that replaces a dead one gets its slot. */
  slotEnv?(slot: number): NodeJS.ProcessEnv;
  /** Called once per file, in completion order, with its output and its report. */
  onFile(report: FileReport, output: string): void;
}

export interface Pool {
  done: Promise<FileReport[]>;
  /** Every worker process has ended (after its exit hooks: scripts/test-worker-exit.ts), so its CPU is counted. */
  exited: Promise<void>;
  /** Kills every worker (the run is interrupted). */
  kill(): void;
}

/** Longest first; unknown files as UNKNOWN_FILE_MS; ties by path so the order is stable. */
export function scheduleOrder(files: string[], durations: Record<string, number>): string[] {
  const cost = (file: string) => durations[file] ?? UNKNOWN_FILE_MS;
  return [...files].sort((a, b) => cost(b) - cost(a) || a.localeCompare(b));
}

export function startPool(options: PoolOptions): Pool {
  const queue = scheduleOrder(options.files, options.durations);
  const reports: FileReport[] = [];
  const workers = new Set<ChildProcess>();
  let finish: (reports: FileReport[]) => void = () => {};
  const done = new Promise<FileReport[]>((resolve) => {
    finish = resolve;
  });
  let allExited: () => void = () => {};
  const exited = new Promise<void>((resolve) => {
    allExited = resolve;
  });
  const execArgv = process.execArgv.some((arg) => arg.includes('tsx')) ? process.execArgv : [...process.execArgv, '--import', 'tsx'];

  const record = (report: FileReport, output: string) => {
    reports.push(report);
    options.onFile(report, output);
    if (reports.length === options.files.length) finish(reports);
  };

  const spawnWorker = (slot: number) => {
    const env = { ...options.env, ...options.slotEnv?.(slot) };
    const child = fork(workerScript, [], { execArgv, env, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    workers.add(child);
    let current: { file: string; started: number } | undefined;
    let buffer = '';

    const next = () => {
      const file = queue.shift();
      if (file === undefined) {
        current = undefined;
        if (child.connected) child.disconnect();
        return;
      }
      current = { file, started: Date.now() };
      child.send({ file });
    };

    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        const mark = buffer.indexOf(RECORD_MARK);
        const end = mark < 0 ? -1 : buffer.indexOf('\n', mark);
        if (end < 0) return;
        const output = buffer.slice(0, mark);
        const report = JSON.parse(buffer.slice(mark + RECORD_MARK.length, end)) as FileReport;
        buffer = buffer.slice(end + 1);
        current = undefined;
        record(report, output);
        next();
      }
    });
    // Ended when it has exited and its output is read to the end. Not the 'close' event: after the parent's
    // disconnect() Node does not count the IPC channel as closed, so 'close' never comes
    // (https://github.com/nodejs/node/issues/19433, still so on Node 20 and later).
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.once('exit', (code, signal) => resolve([code, signal])),
    );
    const outputRead = new Promise((resolve) => child.stdout?.once('close', resolve));
    void Promise.all([exited, outputRead]).then(([[code, signal]]) => {
      workers.delete(child);
      if (workers.size === 0 && queue.length === 0) allExited();
      if (!current) return;
      const { file, started } = current;
      current = undefined;
      const message = `the test worker exited (${signal ?? `code ${code}`}) while running this file`;
      record(
        { file, passes: 0, failures: 1, pending: 0, failed: [{ title: '(the whole file)', message }], ms: Date.now() - started, cpuMs: 0 },
        `${buffer}\n  ${message}\n`,
      );
      buffer = '';
      if (queue.length > 0) spawnWorker(slot);
    });
    next();
  };

  if (options.files.length === 0) {
    finish([]);
    allExited();
  }
  for (let slot = 0; slot < Math.min(options.jobs, queue.length); slot++) spawnWorker(slot);

  return {
    done,
    exited,
    kill() {
      queue.length = 0;
      for (const child of workers) child.kill('SIGKILL');
    },
  };
}
