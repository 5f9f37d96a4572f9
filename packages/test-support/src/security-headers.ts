// What every response of both apps must carry (@samlbridge/web's security headers), as a list of
// problems so one test can walk many pages and report them all at once.
import { setCookies } from './set-cookie.js';

/** Missing or weak security headers of one response; HTML pages get the full set. Empty when all is well. */
export function securityHeaderProblems(label: string, res: Response): string[] {
  const problems: string[] = [];
  const type = res.headers.get('content-type') ?? '';
  if (res.headers.get('x-content-type-options') !== 'nosniff') problems.push(`${label}: no nosniff`);
  if (type.startsWith('text/html')) {
    const csp = res.headers.get('content-security-policy') ?? '';
    if (!csp) problems.push(`${label}: no CSP`);
    if (/unsafe-(inline|eval)/.test(csp)) problems.push(`${label}: CSP allows unsafe-*`);
    if (!/frame-ancestors 'none'/.test(csp)) problems.push(`${label}: no frame-ancestors 'none'`);
    if (!/script-src 'self'/.test(csp) && !/default-src 'none'/.test(csp)) problems.push(`${label}: scripts not restricted`);
    if (!res.headers.get('referrer-policy')) problems.push(`${label}: no Referrer-Policy`);
  }
  return problems;
}

/** Cookies of one response set without HttpOnly, without SameSite, or with Secure other than `secure`. */
export function cookieProblems(label: string, res: Response, secure: boolean): string[] {
  return setCookies(res).flatMap(({ name, attributes }) => {
    const problems: string[] = [];
    if (!('httponly' in attributes)) problems.push(`${label}: ${name} not HttpOnly`);
    if (!/^(lax|strict|none)$/i.test(attributes.samesite ?? '')) problems.push(`${label}: ${name} without SameSite`);
    if (secure !== 'secure' in attributes) problems.push(`${label}: ${name} Secure should be ${secure}`);
    return problems;
  });
}

/** GETs each `[path, headers]` at `baseUrl` and returns the security-header problems of all the answers. */
export async function securityHeaderProblemsAt(
  baseUrl: string,
  requests: readonly (readonly [path: string, headers: Record<string, string>])[],
): Promise<string[]> {
  const problems: string[] = [];
  for (const [path, headers] of requests) problems.push(...securityHeaderProblems(path, await fetch(`${baseUrl}${path}`, { headers })));
  return problems;
}
