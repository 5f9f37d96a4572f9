// Entry point of `npm run verify` (./offline-verify.ts does the work).
import { readFileSync } from 'node:fs';
import { runOfflineVerify } from './offline-verify.js';

const outcome = await runOfflineVerify(process.argv.slice(2), {
  readFile: (path) => readFileSync(path, 'utf8'),
  readStdin: () => readFileSync(0, 'utf8'),
  now: () => new Date(),
});
process.stdout.write(outcome.stdout);
process.stderr.write(outcome.stderr);
process.exitCode = outcome.code;
