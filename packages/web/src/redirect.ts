// The one open-redirect guard of both apps: login `next=`, RelayState, return paths, sign-out returns.

const PROBE_ORIGIN = 'http://same-origin.invalid';

/**
 * A same-origin path (`/x?y#z`) to put in a Location header, or undefined. Absolute URLs are taken
 * only when they are on `origin`. Control characters and backslashes are refused anywhere (browsers
 * drop tab/CR/LF and read `\` as `/`), and the NORMALISED path is checked too: `/.//evil.example`
 * normalises to `//evil.example`, which a browser reads as another host.
 */
export function sameOriginPath(value: unknown, origin?: string): string | undefined {
  if (typeof value !== 'string' || value === '' || value.length > 1024) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused on purpose
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return undefined;
  const rest = origin && value.startsWith(`${origin}/`) ? value.slice(origin.length) : value;
  if (!rest.startsWith('/') || rest.startsWith('//')) return undefined;
  let url: URL;
  try {
    url = new URL(rest, PROBE_ORIGIN);
  } catch {
    return undefined;
  }
  if (url.origin !== PROBE_ORIGIN) return undefined;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('//') ? undefined : path;
}
