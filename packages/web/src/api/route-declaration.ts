// One admin-API route in one entry: `route(method, path, summary, request schemas)` then what it answers: `.ok` (200
// and a JSON body), `.created` (201 and the new resource), `.noContent` (204). The handler returns the body only;
// the success response (status, description, schema) and the `{ status, body }` reply are written here once.
import type { Static, TObject, TSchema } from '@sinclair/typebox';
import type { ParameterizedContext } from 'koa';
import { type ApiRoute, apiRoute, type HttpMethod, type Responses } from './api-route.js';

type NoInput = TObject<Record<never, never>>;

/** What a route reads besides its path: the schemas of the path parameters, the query and the JSON body. */
export interface RouteRequest<P extends TObject, Q extends TObject, B extends TSchema> {
  description?: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Overrides the API's error code for a request that breaks the schema (e.g. `invalid_timezone`). */
  invalidCode?: string;
}

/** A handler: the checked request in, the success body (or nothing, for 204) out. */
export type RouteHandler<P extends TObject, Q extends TObject, B extends TSchema, T> = (
  input: { params: Static<P>; query: Static<Q>; body: Static<B> },
  ctx: ParameterizedContext,
) => Promise<T>;

export interface RouteAnswers<P extends TObject, Q extends TObject, B extends TSchema> {
  /** 200 with the JSON body `handle` returns (of `schema`), or one of `errors`. */
  ok<S extends TSchema>(schema: S, description: string, errors: Responses, handle: RouteHandler<P, Q, B, Static<S>>): ApiRoute;
  /** 201 Created with the JSON body `handle` returns (the new resource, of `schema`), or one of `errors`. */
  created<S extends TSchema>(schema: S, description: string, errors: Responses, handle: RouteHandler<P, Q, B, Static<S>>): ApiRoute;
  /** 204 No Content once `handle` has done its work, or one of `errors`. */
  noContent(description: string, errors: Responses, handle: RouteHandler<P, Q, B, unknown>): ApiRoute;
}

/** Declares a route; TypeScript infers each handler's input from `request` and checks its body against the schema. */
export function route<P extends TObject = NoInput, Q extends TObject = NoInput, B extends TSchema = NoInput>(
  method: HttpMethod,
  path: string,
  summary: string,
  request: RouteRequest<P, Q, B> = {},
): RouteAnswers<P, Q, B> {
  const declare = (responses: Responses, handle: ApiRoute['handle']) => apiRoute({ method, path, summary, ...request, responses, handle });
  const json = (status: 200 | 201) => (schema: TSchema, description: string, errors: Responses, handle: RouteHandler<P, Q, B, unknown>) =>
    declare({ [status]: { description, schema }, ...errors }, async (input, ctx) => ({ status, body: await handle(input as never, ctx) }));
  return {
    ok: json(200),
    created: json(201),
    noContent: (description, errors, handle) =>
      declare({ 204: { description }, ...errors }, async (input, ctx) => {
        await handle(input as never, ctx);
        return { status: 204 };
      }),
  };
}
