// Entry point of `npm run verify` (./offline-verify.ts does the work). npm runs scripts in the package root and
// names the caller's folder in INIT_CWD: relative paths are the caller's.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runOfflineVerify } from './offline-verify.js';

const cwd = process.env.INIT_CWD ?? process.cwd();
const outcome = await runOfflineVerify(process.argv.slice(2), {
  readFile: (path) => readFileSync(resolve(cwd, path), 'utf8'),
  readStdin: () => readFileSync(0, 'utf8'),
  now: () => new Date(),
});
process.stdout.write(outcome.stdout);
process.stderr.write(outcome.stderr);
process.exitCode = outcome.code;
