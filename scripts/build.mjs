// `npm run build`: compiles both products into plain JavaScript for production (`node dist/bin/serve.mjs idp`,
// no tsx at run time). One esbuild bundle per entry point (scripts/bundle.mjs) with the workspace packages and
// pure-JavaScript dependencies inside; better-sqlite3 (a native addon) stays external and is loaded from node_modules.
// The stylesheet and the POST-binding script web serves are copied next to the bundle (dist/assets).
import { rmSync } from 'node:fs';
import { bundle } from './bundle.mjs';

// Output folder (default dist); it must sit inside the repository so that node_modules is found from it.
const out = process.argv[2] ?? 'dist';
rmSync(out, { recursive: true, force: true });
await bundle({ entryPoints: { serve: 'scripts/serve.ts', start: 'scripts/start.ts' }, out });
console.log(`built ${out}/bin/serve.mjs and ${out}/bin/start.mjs`);
