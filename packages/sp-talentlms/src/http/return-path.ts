// RelayState / return paths: only same-origin paths are followed; anything else is ignored (open-redirect guard).

/** `/path?query` when `value` is a same-origin path (or an absolute URL on `origin`), else undefined. */
export function safeReturnPath(value: unknown, origin: string): string | undefined {
  if (typeof value !== 'string' || value === '' || value.length > 1024) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused on purpose
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return undefined;
  }
  if (url.origin !== origin) return undefined;
  if (!value.startsWith('/') && !value.startsWith(origin)) return undefined;
  if (value.startsWith('//')) return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
}
