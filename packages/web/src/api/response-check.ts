// Checks a real response against what the route table declares for it: a documented status, a body of its schema.
// Used by the contract tests of both admin APIs; it never changes a response.
import type { TSchema } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import type { ApiRoute } from './api-route.js';

export interface ResponseChecker {
  /** The route `method path` (path without prefix or query) is served by, or undefined. */
  routeFor(method: string, path: string): ApiRoute | undefined;
  /** Every way the response breaks its declaration (empty: it conforms). */
  problems(method: string, path: string, status: number, body: unknown): string[];
}

export function responseChecker(routes: readonly ApiRoute[]): ResponseChecker {
  const compiled = new Map<TSchema, TypeCheck<TSchema>>();
  const patterns = routes.map((route) => ({
    route,
    regex: new RegExp(`^${route.path.replace(/:\w+/g, '[^/]+')}$`),
    literals: route.path.split('/').filter((s) => s && !s.startsWith(':')).length,
  }));
  const routeFor = (method: string, path: string) =>
    patterns
      .filter((p) => p.route.method === method.toLowerCase() && p.regex.test(path.split('?')[0] as string))
      .sort((a, b) => b.literals - a.literals)[0]?.route;
  return {
    routeFor,
    problems(method, path, status, body) {
      const route = routeFor(method, path);
      if (!route) return [`${method} ${path}: no such route`];
      const spec = route.responses[status];
      const at = `${method} ${route.path} → ${status}`;
      if (!spec) return [`${at}: status not documented (documented: ${Object.keys(route.responses).join(', ')})`];
      if (!spec.schema) return body === undefined || body === '' ? [] : [`${at}: documented without a body, but one was sent`];
      let check = compiled.get(spec.schema);
      if (!check) {
        check = TypeCompiler.Compile(spec.schema);
        compiled.set(spec.schema, check);
      }
      return [...check.Errors(body)].map((e) => `${at}: ${e.path || '(body)'} ${e.message} (got ${JSON.stringify(e.value)})`);
    },
  };
}
