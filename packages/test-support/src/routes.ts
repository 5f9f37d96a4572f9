// Walks a @koa/router router's routes, so a test can prove a rule (CSRF, authentication) holds on every one.

/** What routesOf needs of a router: @koa/router's `stack` of layers. */
export interface RouterLike {
  stack: readonly { methods: readonly string[]; path: string | RegExp }[];
}

export interface RouteEntry {
  method: string;
  path: string;
}

/** Every method + path a router answers (HEAD is implied by GET and left out). */
export function routesOf(router: RouterLike): RouteEntry[] {
  return router.stack.flatMap((layer) => layer.methods.filter((m) => m !== 'HEAD').map((method) => ({ method, path: String(layer.path) })));
}

/** The methods that change state and so need CSRF protection (RFC 9110 §9.2.1: the others are safe). */
export const STATE_CHANGING: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `/a/:id/b` → `/a/x/b` (CSRF is checked before any lookup, so the value does not matter). */
export const fillParams = (path: string) => path.replace(/:(\w+)/g, 'x');
