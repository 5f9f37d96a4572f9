// Portal forms that fail validation: re-rendered (400) with what was typed, each problem next to its
// field and named by the field's label ("ACS URL 1: must be an absolute http(s) URL"), not its JSON path.
import { html, type SafeHtml, toSamlbridgeError } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import type { FieldProblem } from '../../services/validation.js';
import { type FlashKind, flash, seeOther } from './kit/flash.js';
import { type FormBody, form } from './kit/form-body.js';

/** Field problems keyed by the service's field path, with their portal wording. */
export class FormErrors {
  readonly byField = new Map<string, string[]>();

  constructor(
    readonly summary: string,
    problems: readonly FieldProblem[],
    readonly label: (field: string) => string,
  ) {
    for (const p of problems) {
      const list = this.byField.get(p.field) ?? [];
      list.push(`${label(p.field)}: ${p.message}`);
      this.byField.set(p.field, list);
    }
  }

  /** Messages of the fields whose path is `field` or starts with `field[` / `field.`. */
  under(field: string): string[] {
    const out: string[] = [];
    for (const [path, messages] of this.byField) {
      if (path === field || path.startsWith(`${field}[`) || path.startsWith(`${field}.`)) out.push(...messages);
    }
    return out;
  }

  /** The messages of one field (and its sub-paths) as the paragraph under the input. */
  at(field: string, id = field): SafeHtml | '' {
    const messages = this.under(field);
    if (messages.length === 0) return '';
    return html`<p class="alert error field-error" id="${id}-error">${messages.map((m, i) => html`${i ? html`<br>` : ''}${m}`)}</p>`;
  }

  /** `aria-invalid` + `aria-describedby` for an input with problems. */
  attrs(field: string, id = field): SafeHtml | '' {
    return this.under(field).length ? html` aria-invalid="true" aria-describedby="${id}-error"` : '';
  }

  /** The alert above the form: the summary, then every message (fields not drawn in the form included). */
  banner(): SafeHtml {
    const all = [...this.byField.values()].flat();
    return html`<div class="alert error" role="alert"><p>${this.summary}</p>${all.length ? html`<ul>${all.map((m) => html`<li>${m}</li>`)}</ul>` : ''}</div>`;
  }
}

function problemsOf(details: unknown): FieldProblem[] {
  if (!Array.isArray(details)) return [];
  return details.filter(
    (d): d is FieldProblem => typeof d === 'object' && d !== null && typeof d.field === 'string' && typeof d.message === 'string',
  );
}

/**
 * A form action that, on a 4xx problem, renders the form again (status of the error, 400 for invalid
 * fields) instead of redirecting: `rerender` gets the posted body and the problems. Success is PRG.
 */
export function formAction(
  run: (ctx: ParameterizedContext, body: FormBody) => Promise<{ to: string; message: string; kind?: FlashKind }>,
  rerender: (ctx: ParameterizedContext, body: FormBody, errors: FormErrors) => Promise<void>,
  label: (field: string) => string,
): Middleware {
  return async (ctx) => {
    const body = form(ctx);
    try {
      const { to, message, kind = 'ok' } = await run(ctx, body);
      flash(ctx, kind, message);
      seeOther(ctx, to);
    } catch (thrown) {
      const err = toSamlbridgeError(thrown);
      if (err.status >= 500 || err.status === 403 || err.status === 404) throw thrown;
      ctx.state.portalFailure = err.code;
      const problems = problemsOf(err.details);
      const summary = problems.length ? `Not saved. ${firstSentence(err.message, problems.length)}` : err.message;
      await rerender(ctx, body, new FormErrors(summary, problems, label));
      ctx.status = err.status;
    }
  };
}

/** Service messages name JSON fields after their first sentence; the portal lists labelled fields instead. */
function firstSentence(message: string, count: number): string {
  if (message.startsWith('The request has invalid fields'))
    return count === 1 ? 'Fix the field marked below.' : `Fix the ${count} fields marked below.`;
  const end = message.indexOf('. ');
  return end > 0 ? message.slice(0, end + 1) : message;
}

/** Labels for `name`, `list[i]` and `list[i].key` paths: `indexed` names the item of a list ("ACS URL 2"). */
export function labeller(
  labels: Record<string, string>,
  indexed: Record<string, (n: number, key?: string) => string> = {},
): (field: string) => string {
  return (field) => {
    const m = /^(\w+)\[(\d+)\](?:\.(\w+))?$/.exec(field);
    if (m) {
      const item = indexed[m[1] as string];
      if (item) return item(Number(m[2]) + 1, m[3]);
    }
    return labels[field] ?? field;
  };
}
