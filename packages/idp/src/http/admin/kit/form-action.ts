// A portal form action: Post/Redirect/Get with a flash message either way.
import { toSamlbridgeError } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import { flash, seeOther } from './flash.js';
import { type FormBody, form } from './form-body.js';

declare module 'koa' {
  interface DefaultState {
    /** The code of the 4xx problem an action flashed back, for the audit event. */
    portalFailure?: string;
  }
}

/** A form action: success → flash + 303 to where it says; a 4xx problem → flash the message + 303 back. */
export function action(
  run: (ctx: ParameterizedContext, body: FormBody) => Promise<{ to: string; message: string }>,
  back: (ctx: ParameterizedContext) => string,
): Middleware {
  return async (ctx) => {
    try {
      const { to, message } = await run(ctx, form(ctx));
      flash(ctx, 'ok', message);
      seeOther(ctx, to);
    } catch (thrown) {
      const err = toSamlbridgeError(thrown);
      if (err.status >= 500 || err.status === 403) throw thrown;
      flash(ctx, 'error', err.message);
      ctx.state.portalFailure = err.code;
      seeOther(ctx, back(ctx));
    }
  };
}

/** The GET of a page whose form (formAction) renders it again with problems: the same render, nothing typed yet. */
export function formPage<D>(render: (ctx: ParameterizedContext, deps: D) => Promise<void>): (deps: D) => Middleware {
  return (deps) => (ctx) => render(ctx, deps);
}
