// Portal form bodies: urlencoded or multipart (image upload), and reading their fields.

import { parseBody } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import { adminError } from '../../../admin-errors.js';
import { MAX_IMAGE_BYTES } from '../../../services/app-images.js';

export type FormBody = Record<string, string | string[] | File>;

export function form(ctx: ParameterizedContext): FormBody {
  return ((ctx.request as { body?: FormBody }).body ?? {}) as FormBody;
}

/** One text value of a form field ('' when absent or repeated). */
export function text(body: FormBody, name: string): string {
  const v = body[name];
  return typeof v === 'string' ? v : '';
}

/** Every value of a repeated field (checkboxes). */
export function list(body: FormBody, name: string): string[] {
  const v: unknown = body[name];
  if (Array.isArray(v)) return v;
  // qs (the urlencoded parser) turns more than 20 repeated fields into an object keyed 0, 1, …
  if (v && typeof v === 'object' && !(v instanceof File)) return Object.values(v).filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

const MAX_MULTIPART = MAX_IMAGE_BYTES + 64 * 1024;

/**
 * Form bodies: urlencoded through web's parseBody, multipart (image upload) with Node's own
 * FormData parser after a size-limited read (413 beyond it).
 */
export function parseForm(): Middleware {
  const urlencoded = parseBody();
  return async (ctx, next) => {
    if (!ctx.is('multipart/form-data')) return urlencoded(ctx, next);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of ctx.req) {
      size += (chunk as Buffer).length;
      if (size > MAX_MULTIPART) {
        throw adminError('message_too_large', `The form is larger than ${MAX_MULTIPART / 1024} KiB: choose a smaller image.`);
      }
      chunks.push(chunk as Buffer);
    }
    let data: FormData;
    try {
      data = await new Request('http://form.invalid/', {
        method: 'POST',
        headers: { 'content-type': ctx.get('content-type') },
        body: Buffer.concat(chunks),
      }).formData();
    } catch {
      throw adminError('bad_request');
    }
    const body: FormBody = {};
    data.forEach((value, k) => {
      const prev = body[k];
      if (typeof value !== 'string') body[k] = value;
      else if (prev === undefined) body[k] = value;
      else if (Array.isArray(prev)) prev.push(value);
      else if (typeof prev === 'string') body[k] = [prev, value];
    });
    (ctx.request as { body?: FormBody }).body = body;
    await next();
  };
}

/**
 * A checkbox list saved as "exactly these": the checked IDs among those the form showed (`shownIds`), plus
 * the current ones it did not show, so a list cut short (or a stale page) never unbinds what it hid.
 */
export function checkedAmongShown(current: readonly string[], body: FormBody, field: string): string[] {
  const shown = new Set(list(body, 'shownIds'));
  return [...new Set([...current.filter((id) => !shown.has(id)), ...list(body, field)])];
}
