// Key and certificate files for the suites that hand them to peers on the command line (xmlsec1, python): written
// into a temp folder before the suite's tests, the folder removed after. Private keys are 0600.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDirFixture } from '@samlbridge/test-support';

/** `files`: name → PEM text; a name ending in `.key` is written 0600. `file(name)` is its path. */
export function keyFilesFixture(prefix: string, files: Record<string, () => string>): { file(name: string): string } {
  const dir = tempDirFixture(prefix, { each: false });
  before(() => {
    for (const [name, pem] of Object.entries(files))
      writeFileSync(join(dir.path, name), pem(), name.endsWith('.key') ? { mode: 0o600 } : {});
  });
  return { file: (name) => join(dir.path, name) };
}
