// What every admin-API resource shares: the error body, paging, ID parameters, the error responses.
import { type ResponseSpec, withMessage } from '@samlbridge/web';
import { type TSchema, Type } from '@sinclair/typebox';

/** Every error of the admin API (one error handler renders them). */
export const ApiError = Type.Object({
  error: Type.String({ description: 'error code, e.g. validation_failed, conflict, not_found' }),
  message: Type.String({ description: 'what went wrong and what to do, for a person' }),
  details: Type.Optional(
    Type.Array(Type.Object({ field: Type.String(), message: Type.String() }), { description: 'every field problem at once' }),
  ),
});

/** `?limit=&offset=` (default 100, at most 500). */
export const PageQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0 }),
});

export function page<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });
}

const id = () => Type.String({ minLength: 1, maxLength: 256 });
export const IdParams = Type.Object({ id: id() });
export const MemberParams = Type.Object({ id: id(), userId: id() });
export const BindingParams = Type.Object({ id: id(), groupId: id() });
/** The request of a route on one resource (`/…/:id`) that reads nothing else. */
export const ById = { params: IdParams };

/** A list of IDs (a PUT that binds exactly these). */
export const idList = () => withMessage(Type.Array(Type.String({ maxLength: 256 }), { maxItems: 10_000 }), 'must be a list of IDs');

const ERRORS = {
  400: 'Validation failed: every field problem is listed in `details`',
  401: 'Missing or invalid x-api-key',
  404: 'Not found',
  409: 'Conflict (name/username/email taken, or the SSO IdP URL is immutable)',
} as const;

type ErrorStatus = keyof typeof ERRORS;

/** The error responses of one operation: 401 always (every call needs the API key), and these. */
export function errors<const C extends Exclude<ErrorStatus, 401>>(...codes: C[]): Record<C | 401, ResponseSpec> {
  const out = { 401: { description: ERRORS[401], schema: ApiError } } as Record<C | 401, ResponseSpec>;
  for (const code of codes) out[code] = { description: ERRORS[code], schema: ApiError };
  return out;
}

/** An error response with its own description. */
export const error = (description: string): ResponseSpec => ({ description, schema: ApiError });

export const noContent = (description = 'Done') => ({ description });
