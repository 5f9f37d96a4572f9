// test/support/bundled-entry.ts: the tests that start apps as child processes run them from an esbuild bundle, made
// once per test process with the options of `npm run build` (scripts/bundle.mjs), instead of under tsx.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { bundledEntry } from '../support/bundled-entry.js';

describe('bundledEntry (child apps started from a bundle)', function () {
  this.timeout(60_000);

  it('bundles a TypeScript entry into JavaScript that plain node runs without tsx, with the web assets beside it', async () => {
    const script = await bundledEntry('scripts/serve.ts');
    expect(script).to.match(/\/bin\/serve\.mjs$/);
    const run = spawnSync(process.execPath, [script, 'nothing'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(run.stderr).to.contain('usage: serve.ts idp | sp | seed');
    expect(run.status).to.equal(2);
    expect(readdirSync(join(dirname(script), '..', 'assets'))).to.include('app.css');
  });

  it('builds each entry once per process', async () => {
    const [first, second] = await Promise.all([bundledEntry('scripts/serve.ts'), bundledEntry('scripts/serve.ts')]);
    expect(second).to.equal(first);
    expect(bundledEntry('scripts/serve.ts')).to.equal(bundledEntry('scripts/serve.ts'));
  });
});
