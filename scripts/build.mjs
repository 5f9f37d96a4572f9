// `npm run build`: compiles both products into plain JavaScript for production (`node dist/bin/serve.mjs idp`,
// no tsx at run time). One esbuild bundle per entry point with the workspace packages and pure-JavaScript
// dependencies inside; better-sqlite3 (a native addon) stays external and is loaded from node_modules.
// The stylesheet and the POST-binding script web serves are copied next to the bundle (dist/assets).
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

// Output folder (default dist); it must sit inside the repository so that node_modules is found from it.
const out = process.argv[2] ?? 'dist';
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'bin'), { recursive: true });
await build({
  entryPoints: { serve: 'scripts/serve.ts', start: 'scripts/start.ts' },
  outdir: join(out, 'bin'),
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // pg-native is pg's optional native driver (never used); better-sqlite3 carries a compiled addon.
  external: ['better-sqlite3', 'pg-native'],
  // CommonJS dependencies call require(); give the ES module bundle one.
  banner: {
    js: "import { createRequire as __samlbridgeRequire } from 'node:module'; const require = __samlbridgeRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
// web's assets.ts reads `<bundle dir>/../assets`.
cpSync('packages/web/assets', join(out, 'assets'), { recursive: true });
console.log(`built ${out}/bin/serve.mjs and ${out}/bin/start.mjs`);
