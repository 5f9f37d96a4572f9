// Copies the screenshots README.md shows (docs/screenshots/<name>.png) from the browser suite's artifacts
// (test-artifacts/screenshots/<name>.png). Run after `node --import tsx scripts/test.ts test/browser`:
//   node --import tsx scripts/update-readme-screenshots.ts
// The names come from README.md itself, so the README and the copied files cannot drift apart.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.cwd();
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const names = [...new Set([...readme.matchAll(/docs\/screenshots\/([\w.-]+\.png)/g)].map((m) => m[1] as string))];
if (names.length === 0) {
  console.error('README.md references no docs/screenshots/*.png: nothing to copy.');
  process.exit(1);
}
const from = join(root, 'test-artifacts', 'screenshots');
const missing = names.filter((name) => !existsSync(join(from, name)));
if (missing.length > 0) {
  console.error(`Missing in ${from}: ${missing.join(', ')}.\nRun the browser suite first: node --import tsx scripts/test.ts test/browser`);
  process.exit(1);
}
mkdirSync(join(root, 'docs', 'screenshots'), { recursive: true });
for (const name of names) copyFileSync(join(from, name), join(root, 'docs', 'screenshots', name));
console.log(`Copied ${names.length} README screenshots to docs/screenshots/: ${names.join(', ')}`);
