// A TypeScript entry point (scripts/serve.ts, a test's child script) as one plain-JavaScript bundle, as `npm run
// build` makes it, for tests that start apps as child processes: `node <bundle>` starts in about a quarter of the
// CPU of `node --import tsx <entry>` (which loads and transforms every module of the workspace on each start, some
// 3 s of CPU), so a test starting several processes is no longer slow or at risk of a start-up timeout on a busy
// machine. Built once per test process and entry, into a folder inside the repository (node_modules must be found
// from it) that is removed when the process ends.
import { rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { bundle } from '../../scripts/bundle.mjs';
import { onWorkerExit } from '../../scripts/test-worker-exit.js';

const ROOT = join(import.meta.dirname, '..', '..');
const out = join(ROOT, `dist-test-bundle-${process.pid}`);
const built = new Map<string, Promise<string>>();
let cleanUp = false;

function removeOut(): void {
  rmSync(out, { recursive: true, force: true });
}

/** The path of `node`-runnable JavaScript for `entry` (relative to the repository root), bundled on first use. */
export function bundledEntry(entry: string): Promise<string> {
  let ready = built.get(entry);
  if (!ready) {
    if (!cleanUp) {
      cleanUp = true;
      process.once('exit', removeOut);
      onWorkerExit(async () => removeOut());
    }
    const name = basename(entry).replace(/\.ts$/, '');
    ready = bundle({ entryPoints: { [name]: join(ROOT, entry) }, out, sourcemap: false }).then(() => join(out, 'bin', `${name}.mjs`));
    built.set(entry, ready);
    // A failed build is tried again by the next caller.
    ready.catch(() => built.delete(entry));
  }
  return ready;
}
