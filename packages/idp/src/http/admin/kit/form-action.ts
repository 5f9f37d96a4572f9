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

/** Where a directory object lives in the portal: its list, its own page's ID, how it is loaded, deleted and named. */
export interface DeletableObject<T extends { id: string }> {
  list: string;
  idOf: (ctx: ParameterizedContext) => string;
  load: (id: string) => Promise<T>;
  remove: (id: string) => Promise<unknown>;
  label: (object: T) => string;
}

/** POST …/:id/delete: deletes the object, back to its list with what went; a refusal goes back to its page. */
export function deleteAction<T extends { id: string }>({ list, idOf, load, remove, label }: DeletableObject<T>): Middleware {
  return action(
    async (ctx) => {
      const object = await load(idOf(ctx));
      await remove(object.id);
      return { to: list, message: `${label(object)} was deleted.` };
    },
    (ctx) => `${list}/${idOf(ctx)}`,
  );
}
