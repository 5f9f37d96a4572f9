// Flash messages across POST → 303 → GET (PRG).
import type { ParameterizedContext } from 'koa';

/** `warn`: done, with something to check (shown in the warning style). */
export type FlashKind = 'ok' | 'warn' | 'error';

export function flash(ctx: ParameterizedContext, kind: FlashKind, message: string): void {
  ctx.state.session.set('flash', { kind, message });
}

export function takeFlash(ctx: ParameterizedContext): { kind: FlashKind; message: string } | undefined {
  const f = ctx.state.session.get<{ kind: FlashKind; message: string }>('flash');
  if (f) ctx.state.session.delete('flash');
  return f;
}

/** POST → 303 → GET (PRG). */
export function seeOther(ctx: ParameterizedContext, location: string): void {
  ctx.status = 303;
  ctx.redirect(location);
}
