import type { Router } from '@koa/router';

export interface RouteEntry {
  method: string;
  path: string;
}

/** Every method + path a router answers (HEAD is implied by GET and left out). */
export function routesOf(router: Router): RouteEntry[] {
  const out: RouteEntry[] = [];
  for (const layer of router.stack) {
    for (const method of layer.methods) if (method !== 'HEAD') out.push({ method, path: String(layer.path) });
  }
  return out;
}

export const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `/a/:id/b` → `/a/x/b` (CSRF is checked before any lookup, so the value does not matter). */
export const fillParams = (path: string) => path.replace(/:(\w+)/g, 'x');
