import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suiteFixture } from './suite-fixture.js';

/** A temporary folder named `{prefix}…` for each test of the suite (`each: false`: one for the suite), removed after. */
export function tempDirFixture(prefix: string, { each = true } = {}): { readonly path: string } {
  return suiteFixture(
    async () => {
      const path = mkdtempSync(join(tmpdir(), prefix));
      return { path, close: () => rmSync(path, { recursive: true, force: true }) };
    },
    { each },
  );
}
