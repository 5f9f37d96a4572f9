const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

export function unescapeHtml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m] ?? m);
}

/** Value of `<input … name="x" value="…">` in a page, or undefined. */
export function inputValue(page: string, name: string): string | undefined {
  const re = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`);
  const m = re.exec(page);
  return m?.[1] === undefined ? undefined : unescapeHtml(m[1]);
}

export function formAction(page: string): string | undefined {
  const m = /<form[^>]*action="([^"]*)"/.exec(page);
  return m?.[1] === undefined ? undefined : unescapeHtml(m[1]);
}
