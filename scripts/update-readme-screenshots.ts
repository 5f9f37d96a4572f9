// Regenerates the screenshots README.md shows (docs/screenshots/<name>.png): runs the browser test files that take
// them with SAMLBRIDGE_SCREENSHOTS=1 (each calls `screenshot(page, '<name>')`, which then saves
// test-artifacts/screenshots/<name>.png; a plain test run takes none), then copies them.
//   node --import tsx scripts/update-readme-screenshots.ts            run the files that take them, then copy
//   node --import tsx scripts/update-readme-screenshots.ts --no-run   copy what an earlier browser run left
// The names come from README.md itself, so the README and the copied files cannot drift apart; a name no browser
// test takes is an error (test/workspace/readme-screenshots.test.ts checks the same).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.cwd();

/** The docs/screenshots/*.png names README.md references. */
export function readmeScreenshots(readme: string): string[] {
  return [...new Set([...readme.matchAll(/docs\/screenshots\/([\w.-]+\.png)/g)].map((m) => m[1] as string))];
}

/** For each name, the browser test file(s) under test/browser that take it. */
export function takenBy(names: readonly string[], browserDir = join(root, 'test', 'browser')): Map<string, string[]> {
  const files = readdirSync(browserDir)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => ({ path: join('test', 'browser', f), text: readFileSync(join(browserDir, f), 'utf8') }));
  return new Map(names.map((name) => [name, files.filter((f) => f.text.includes(`'${name.replace(/\.png$/, '')}'`)).map((f) => f.path)]));
}

/** The environment of the browser test run: screenshot() (test/browser/support/chromium.ts) saves only with this. */
export function screenshotRunEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, SAMLBRIDGE_SCREENSHOTS: '1' };
}

function main(): void {
  const names = readmeScreenshots(readFileSync(join(root, 'README.md'), 'utf8'));
  if (names.length === 0) {
    console.error('README.md references no docs/screenshots/*.png: nothing to copy.');
    process.exit(1);
  }
  const takers = takenBy(names);
  const orphans = names.filter((n) => (takers.get(n) ?? []).length === 0);
  if (orphans.length > 0) {
    console.error(`No browser test takes ${orphans.join(', ')}: add a screenshot(page, '<name>') call or change README.md.`);
    process.exit(1);
  }
  if (!process.argv.includes('--no-run')) {
    const files = [...new Set([...takers.values()].flat())].sort();
    console.log(`Running ${files.join(', ')}`);
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/test.ts', ...files], {
      cwd: root,
      stdio: 'inherit',
      env: screenshotRunEnv(process.env),
    });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
  const from = join(root, 'test-artifacts', 'screenshots');
  const missing = names.filter((name) => !existsSync(join(from, name)));
  if (missing.length > 0) {
    console.error(`Missing in ${from}: ${missing.join(', ')}.`);
    process.exit(1);
  }
  mkdirSync(join(root, 'docs', 'screenshots'), { recursive: true });
  for (const name of names) copyFileSync(join(from, name), join(root, 'docs', 'screenshots', name));
  console.log(`Copied ${names.length} README screenshots to docs/screenshots/: ${names.join(', ')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
