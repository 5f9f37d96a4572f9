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
  /** Right-hand side of the top bar: who is signed in, the sign-out button. */
  account?: SafeHtml;
  /** A wider main column (the admin portal's sidebar + tables). */
  wide?: boolean;
  /** Adds a data attribute the shared stylesheet uses to tint each app. */
  theme?: 'idp' | 'sp';
}

/** The one page layout both apps use: shared stylesheet, no inline script or style (CSP). */
export function page({ title, brand, body, nav, account, theme = 'idp', wide = false }: PageOptions): string {
  return html`<!doctype html>
<html lang="en" data-theme="${theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${brand}</title>
<link rel="stylesheet" href="/assets/app.css">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<script src="/assets/copy.js" defer></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="topbar"><span class="brand">${brand}</span>${nav ?? ''}${account ? html`<div class="account">${account}</div>` : ''}</header>
<main id="main" tabindex="-1"${wide ? html` class="wide"` : ''}>
${body}
</main>
</body>
</html>`.value;
}

export interface ProgressOptions {
  /** What is running, e.g. "Importing users from TalentLMS". */
  label: string;
  done: number;
  total: number;
  /** e.g. "2 failed". */
  detail?: string;
  /** A link that reloads the page for the latest state (works without JavaScript). */
  refreshHref?: string;
}

/**
 * Server-rendered progress of a long operation (import, bulk provisioning): a native <progress>
 * with its text, announced politely to screen readers, and a "Refresh" link instead of a meta refresh.
 */
export function progress({ label, done, total, detail, refreshHref }: ProgressOptions): SafeHtml {
  const max = Math.max(total, 1);
  const value = Math.min(Math.max(done, 0), max);
  const percent = Math.round((value / max) * 100);
  const finished = total > 0 && done >= total;
  return html`<div class="progress" role="status" aria-live="polite" data-done="${String(done)}" data-total="${String(total)}">
<div class="progress-text"><span>${label}</span><span>${String(done)} of ${String(total)} (${String(percent)} %)${detail ? html` · ${detail}` : ''}</span></div>
<progress max="${String(max)}" value="${String(value)}" aria-label="${label}">${String(percent)} %</progress>
${refreshHref && !finished ? html`<p class="hint"><a href="${refreshHref}">Refresh</a> to see the latest progress.</p>` : ''}
</div>`;
}
