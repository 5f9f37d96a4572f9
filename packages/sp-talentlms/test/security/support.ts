import type Router from '@koa/router';
import { expect } from 'chai';
import { CookieJar } from '../helpers/cookie-jar.js';
import type { Harness } from '../helpers/harness.js';

export const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function routesOf(router: Router): { method: string; path: string }[] {
  return router.stack.flatMap((layer) => layer.methods.filter((m) => m !== 'HEAD').map((method) => ({ method, path: String(layer.path) })));
}

export const csrfFrom = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';

export function postForm(h: Harness, path: string, jar: CookieJar, form: Record<string, string>): Promise<Response> {
  return fetch(`${h.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: new URLSearchParams(form),
  }).then((res) => {
    jar.store(res);
    return res;
  });
}

/** Local password sign-in; returns the response to the POST. */
export async function passwordSignIn(h: Harness, jar: CookieJar, login: string, password: string, extra: Record<string, string> = {}) {
  const page = await (await h.get('/', jar)).text();
  return postForm(h, '/index/login', jar, { _csrf: csrfFrom(page), login, password, ...extra });
}

export async function superAdmin(h: Harness): Promise<CookieJar> {
  const jar = new CookieJar();
  expect((await passwordSignIn(h, jar, 'admin', 'admin-demo-password')).status).to.equal(303);
  return jar;
}

export function securityHeaderProblems(label: string, res: Response): string[] {
  const problems: string[] = [];
  const type = res.headers.get('content-type') ?? '';
  if (res.headers.get('x-content-type-options') !== 'nosniff') problems.push(`${label}: no nosniff`);
  if (type.startsWith('text/html')) {
    const csp = res.headers.get('content-security-policy') ?? '';
    if (!csp) problems.push(`${label}: no CSP`);
    if (/unsafe-(inline|eval)/.test(csp)) problems.push(`${label}: CSP allows unsafe-*`);
    if (!/frame-ancestors 'none'/.test(csp)) problems.push(`${label}: no frame-ancestors 'none'`);
    if (!res.headers.get('referrer-policy')) problems.push(`${label}: no Referrer-Policy`);
  }
  return problems;
}

export function cookieProblems(label: string, res: Response, secure: boolean): string[] {
  return res.headers.getSetCookie().flatMap((line) => {
    const name = line.split('=')[0];
    const p: string[] = [];
    if (!/;\s*httponly/i.test(line)) p.push(`${label}: ${name} not HttpOnly`);
    if (!/;\s*samesite=(lax|strict|none)/i.test(line)) p.push(`${label}: ${name} without SameSite`);
    if (secure !== /;\s*secure/i.test(line)) p.push(`${label}: ${name} Secure should be ${secure}`);
    return p;
  });
}
