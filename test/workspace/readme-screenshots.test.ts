// The README's screenshots: every image it references exists, and a browser test takes each docs/screenshots one
// (so scripts/update-readme-screenshots.ts can regenerate it).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { readmeScreenshots, screenshotRunEnv, takenBy } from '../../scripts/update-readme-screenshots.js';

const root = process.cwd();
const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('README screenshots', () => {
  it('references only images that exist in the repository', () => {
    // Markdown images ![alt](path) and HTML <img src="path">, local paths only.
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)|<img[^>]+src="([^"]+)"/g)]
      .map((m) => (m[1] ?? m[2]) as string)
      .filter((src) => !/^[a-z]+:/i.test(src));
    expect(images.length).to.be.greaterThan(0);
    expect(images.filter((src) => !existsSync(join(root, src)))).to.deep.equal([]);
  });

  it('has a browser test that takes each of its docs/screenshots images', () => {
    const names = readmeScreenshots(readme);
    const orphans = [...takenBy(names)].filter(([, files]) => files.length === 0).map(([name]) => name);
    expect(orphans).to.deep.equal([]);
  });

  it('regenerates them with screenshots on: the test run gets the variable screenshot() reads (a plain run takes none)', () => {
    expect(screenshotRunEnv({ PATH: '/usr/bin' })).to.deep.equal({ PATH: '/usr/bin', SAMLBRIDGE_SCREENSHOTS: '1' });
    const chromium = readFileSync(join(root, 'test', 'browser', 'support', 'chromium.ts'), 'utf8');
    expect(chromium).to.contain("process.env.SAMLBRIDGE_SCREENSHOTS === '1'");
  });
});
