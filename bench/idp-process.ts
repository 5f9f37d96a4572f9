// Starts bench/idp-child.ts in its own Node process and talks to it over IPC.
// BENCH_IDP_PROF=1 runs the child with --cpu-prof (profiles land in BENCH_IDP_PROF_DIR, default /tmp).
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/support/stack.js';

export interface IdpProcess {
  url: string;
  appName: string;
  username: string;
  password: string;
  /** Extra group members, all with `userPassword`. */
  users: string[];
  userPassword: string;
  pid: number;
  /** RSS and heap after a full GC in the child. */
  memory(): Promise<NodeJS.MemoryUsage>;
  /** Writes a heap snapshot of the IdP (after a GC) next to its data folder; returns its file name. */
  heapSnapshot(): Promise<string>;
  /** Starts a CPU profile in the child (node:inspector); `stopProfile` writes it to `file`. */
  startProfile(): Promise<void>;
  stopProfile(file: string): Promise<void>;
  /** SQLite statements run so far (only counted with BENCH_COUNT_STATEMENTS=1, else 0). */
  statements(): Promise<number>;
  /** The child's CPU time so far (user + system), in microseconds. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

export async function startIdpProcess({
  passwordUsers = 0,
  env = {},
}: {
  passwordUsers?: number;
  env?: NodeJS.ProcessEnv;
} = {}): Promise<IdpProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'samlbridge-bench-idp-'));
  const port = await freePort();
  const prof = process.env.BENCH_IDP_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_IDP_PROF_DIR ?? '/tmp'}`] : [];
  const child: ChildProcess = fork(
    join(dirname(fileURLToPath(import.meta.url)), 'idp-child.ts'),
    [dir, String(port), String(passwordUsers)],
    {
      execArgv: ['--import', 'tsx', '--expose-gc', ...prof],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<
    Omit<IdpProcess, 'pid' | 'memory' | 'heapSnapshot' | 'startProfile' | 'stopProfile' | 'statements' | 'cpuMicros' | 'stop'>
  >((resolve, reject) => {
    child.once('message', (m) =>
      resolve(
        m as Omit<IdpProcess, 'pid' | 'memory' | 'heapSnapshot' | 'startProfile' | 'stopProfile' | 'statements' | 'cpuMicros' | 'stop'>,
      ),
    );
    child.once('exit', (code) => reject(new Error(`the bench IdP exited (${code}) before listening`)));
  });
  return {
    ...ready,
    pid: child.pid as number,
    memory: () => ask<{ memory: NodeJS.MemoryUsage }>(child, 'memory').then((m) => m.memory),
    heapSnapshot: () => ask<{ file: string }>(child, 'heap-snapshot').then((m) => m.file),
    startProfile: () => ask(child, 'profile-start').then(() => undefined),
    stopProfile: (file) => ask(child, { profileStop: file }).then(() => undefined),
    statements: () => ask<{ statements: number }>(child, 'statements').then((m) => m.statements),
    cpuMicros: () => ask<{ cpu: NodeJS.CpuUsage }>(child, 'cpu').then((m) => m.cpu.user + m.cpu.system),
    stop: async () => {
      child.send('stop');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function ask<T>(child: ChildProcess, question: string | object): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    child.send(question);
  });
}
