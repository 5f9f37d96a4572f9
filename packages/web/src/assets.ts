import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Middleware } from 'koa';

const assetDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'assets');

const TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};

/**
 * Serves the bundled stylesheet, the POST-binding auto-submit script, the one copy-button script, the restore-form
 * and passkey (WebAuthn ceremony) scripts and the favicon under /assets/ (read once at start); `/favicon.ico`, which browsers ask for on their own,
 * is the same icon.
 */
export function assets(): Middleware {
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const name of ['app.css', 'autopost.js', 'copy.js', 'restore-form.js', 'passkey.js', 'favicon.svg']) {
    const ext = name.split('.').pop() ?? '';
    files.set(`/assets/${name}`, { body: readFileSync(join(assetDir, name)), type: TYPES[ext] ?? 'application/octet-stream' });
  }
  return async (ctx, next) => {
    const file = ctx.method === 'GET' ? files.get(ctx.path === '/favicon.ico' ? '/assets/favicon.svg' : ctx.path) : undefined;
    if (!file) return next();
    ctx.type = file.type;
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = file.body;
  };
}
