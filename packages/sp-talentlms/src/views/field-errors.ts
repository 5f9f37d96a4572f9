// One error per form field, tied to its input (WCAG 3.3.1 / 4.1.2): aria-invalid, aria-describedby, and the first
// invalid input focused on load. A field with many bad lines (a pasted certificate) still gets ONE message.
import { html, type SafeHtml } from '@samlbridge/web';
import type { FieldProblem } from '../sso/settings.js';

export interface FieldError {
  /** The input's id (and name). */
  input: string;
  message: string;
}

/** `certificateFingerprints[3]` → `certificateFingerprints`; `attributes.email` → `attr_email`. */
export function inputOf(field: string): string {
  const base = field.replace(/\[\d+\]$/, '');
  return base.startsWith('attributes.') ? `attr_${base.slice('attributes.'.length)}` : base;
}

/** Problems grouped per input, in form order of first appearance: one message each. */
export function groupFieldErrors(problems: FieldProblem[]): FieldError[] {
  const byInput = new Map<string, FieldProblem[]>();
  for (const p of problems) {
    const key = inputOf(p.field);
    byInput.set(key, [...(byInput.get(key) ?? []), p]);
  }
  return [...byInput].map(([input, list]) => {
    const first = list[0] as FieldProblem;
    const line = /\[(\d+)\]$/.exec(first.field);
    if (!line) return { input, message: first.message };
    const where = `Line ${Number(line[1]) + 1}: ${first.message}`;
    return { input, message: list.length === 1 ? where : `${where} (and ${list.length - 1} more lines like it)` };
  });
}

export class FormErrors {
  readonly list: FieldError[];
  constructor(problems: FieldProblem[]) {
    this.list = groupFieldErrors(problems);
  }
  get count(): number {
    return this.list.length;
  }
  of(input: string): FieldError | undefined {
    return this.list.find((e) => e.input === input);
  }
  /** Attributes of an input: invalid state, its message (and hint) as description, autofocus on the first error. */
  attrs(input: string, hintId?: string): SafeHtml {
    const e = this.of(input);
    const described = [e ? `${input}-error` : '', hintId ?? ''].filter(Boolean).join(' ');
    return html`${e ? html` aria-invalid="true"` : ''}${described ? html` aria-describedby="${described}"` : ''}${
      e && this.list[0]?.input === input ? html` autofocus` : ''
    }`;
  }
  message(input: string): SafeHtml {
    const e = this.of(input);
    return e ? html`<p class="field-error" id="${input}-error" data-field="${input}">${e.message}</p>` : html``;
  }
  /** The summary at the top: one link per field, to its input. */
  summary(labels: Record<string, string>): SafeHtml {
    if (!this.list.length) return html``;
    return html`<div class="alert error" role="alert" id="error-summary"><p>The settings were not saved: fix ${
      this.count === 1 ? 'this field' : `these ${this.count} fields`
    }.</p><ul>${this.list.map((e) => html`<li><a href="#${e.input}">${labels[e.input] ?? e.input}</a>: ${e.message}</li>`)}</ul></div>`;
  }
}
