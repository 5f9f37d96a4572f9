// One esbuild bundle per entry point, as `npm run build` makes them (scripts/build.mjs) and as the tests that start
// apps as child processes run them (test/support/bundled-entry.ts): the workspace packages and pure-JavaScript
// dependencies inside; better-sqlite3 (a native addon) stays external and is loaded from node_modules. The
// stylesheet and the POST-binding script web serves are copied next to the bundle (<out>/assets).
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Bundles `entryPoints` (name → source file) into `<out>/bin/<name>.mjs`; `out` must sit inside the repository. */
export async function bundle({ entryPoints, out, sourcemap = true }) {
  mkdirSync(join(out, 'bin'), { recursive: true });
  await build({
    entryPoints,
    outdir: join(out, 'bin'),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap,
    // pg-native is pg's optional native driver (never used); better-sqlite3 carries a compiled addon.
    external: ['better-sqlite3', 'pg-native'],
    // CommonJS dependencies call require(); give the ES module bundle one.
    banner: {
      js: "import { createRequire as __samlbridgeRequire } from 'node:module'; const require = __samlbridgeRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  // web's assets.ts reads `<bundle dir>/../assets`.
  cpSync(fileURLToPath(new URL('../packages/web/assets', import.meta.url)), join(out, 'assets'), { recursive: true });
}
