// Auto-escaped HTML templates: every interpolated value is escaped unless it is already SafeHtml.

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

type Interpolation = SafeHtml | string | number | boolean | null | undefined | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(value);
}

/** Tagged template: html`<p>${userInput}</p>` escapes userInput. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Marks trusted markup (e.g. produced by another html`` call or a vetted builder) as safe. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

export interface PageOptions {
  title: string;
  /** Product name shown in the header, e.g. "samlbridge" or "TalentLMS". */
  brand: string;
  body: SafeHtml;
  nav?: SafeHtml;
  /** Adds a data attribute the shared stylesheet uses to tint each app. */
  theme?: 'idp' | 'sp';
}

/** The one page layout both apps use: shared stylesheet, no inline script or style (CSP). */
export function page({ title, brand, body, nav, theme = 'idp' }: PageOptions): string {
  return html`<!doctype html>
<html lang="en" data-theme="${theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${brand}</title>
<link rel="stylesheet" href="/assets/app.css">
</head>
<body>
<header class="topbar"><span class="brand">${brand}</span>${nav ?? ''}</header>
<main id="main">
${body}
</main>
</body>
</html>`.value;
}
