// A Node process that a start-up test runs (scripts/start.ts, scripts/serve.ts, the built bundle): in a clean
// environment (PATH and the variables the test gives, nothing inherited), its stdout and stderr captured as one
// text, and its exit code awaited.
import { type ChildProcess, spawn } from 'node:child_process';

export interface StartedProcess {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output: () => string;
  exit: Promise<number | null>;
}

/** `node <args>` in `cwd`, with only PATH and `env` in its environment. */
export function startNodeProcess(args: string[], { cwd, env }: { cwd: string; env: Record<string, string> }): StartedProcess {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (c) => (text += c));
  child.stderr?.on('data', (c) => (text += c));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => text, exit };
}
