// Reads Set-Cookie lines the way the tests need them: name, value and attributes, nothing resolved.

export interface SetCookie {
  name: string;
  value: string;
  /** Attribute names lower-cased; flag attributes (HttpOnly, Secure) map to ''. */
  attributes: Record<string, string>;
}

/** One Set-Cookie line (RFC 6265 §5.2: name=value, then `;`-separated attributes). */
export function parseSetCookie(line: string): SetCookie {
  const [pair = '', ...attrs] = line.split(';');
  const eq = pair.indexOf('=');
  const attributes: Record<string, string> = {};
  for (const attr of attrs) {
    const i = attr.indexOf('=');
    const key = (i < 0 ? attr : attr.slice(0, i)).trim().toLowerCase();
    attributes[key] = i < 0 ? '' : attr.slice(i + 1).trim();
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes };
}

/** Every Set-Cookie line of a response, parsed, in order. */
export function setCookies(res: Response | Headers): SetCookie[] {
  const headers = res instanceof Headers ? res : res.headers;
  return headers.getSetCookie().map(parseSetCookie);
}

/** The one Set-Cookie line for `name`, or undefined. */
export function setCookie(res: Response | Headers, name: string): SetCookie | undefined {
  return setCookies(res).find((c) => c.name === name);
}

/**
 * Whether a Set-Cookie line deletes its cookie: an empty value, Max-Age of zero or less, or an Expires at
 * the Unix epoch (what Koa writes to clear a cookie). A future or past Expires date is not compared with
 * the wall clock, because the apps under test may run on an injected clock.
 */
export function deletesCookie(cookie: SetCookie): boolean {
  const maxAge = cookie.attributes['max-age'];
  const expires = cookie.attributes.expires;
  return cookie.value === '' || (maxAge !== undefined && Number(maxAge) <= 0) || (expires !== undefined && Date.parse(expires) === 0);
}
