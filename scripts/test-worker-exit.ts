// Work a test worker (scripts/test-worker.ts) does once, after its last file: closing what the files of that
// process shared (one Chromium, say). Outside a worker the hooks never run; the process exit ends what is left.

type ExitHook = () => Promise<unknown>;

// One registry per process on globalThis: the worker and the test files may load this module as two instances
// (the test files go through mocha's loader).
const registry = globalThis as typeof globalThis & { [key: symbol]: Set<ExitHook> | undefined };
const KEY = Symbol.for('samlbridge.test-worker-exit');
registry[KEY] ??= new Set<ExitHook>();
const hooks: Set<ExitHook> = registry[KEY];

/** A hook, at most once per function, run when the worker has no file left. */
export function onWorkerExit(hook: ExitHook): void {
  hooks.add(hook);
}

/** Runs every hook at once and waits for them, at most `limitMs` (a hung close must not keep the run waiting). */
export async function runWorkerExitHooks(limitMs = 5_000): Promise<void> {
  const all = Promise.allSettled([...hooks].map((hook) => hook()));
  hooks.clear();
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, limitMs);
  });
  await Promise.race([all, limit]);
  clearTimeout(timer);
}
