// Runs every test suite of the workspace in one mocha run and ends with the line CI reads:
// `N passed, N failed` (", N skipped" when any). Arguments narrow the run to folders or files.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

function testFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'fixtures') return [];
    const full = join(path, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

const packageTests = readdirSync('packages').map((name) => join('packages', name, 'test'));
const roots = process.argv.length > 2 ? process.argv.slice(2) : [...packageTests, 'certs/test', 'test'];
const files = roots.flatMap(testFiles).sort();

const mocha = new Mocha({ timeout: 30_000, reporter: 'spec', color: !process.env.CI });
for (const file of files) mocha.addFile(file);
await mocha.loadFilesAsync();

const runner = mocha.run((failures) => {
  const { passes, pending } = runner.stats ?? { passes: 0, pending: 0 };
  console.log(`\n${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
  process.exitCode = failures > 0 || passes === 0 ? 1 : 0;
  // A server or pool left open by a failing test must not keep CI waiting.
  setTimeout(() => process.exit(process.exitCode), 2000).unref();
});
