// One admin-API route as data: method, path, summary, request schemas, response schemas per status and the handler.
// The same table mounts the router (validating every request first) and generates the OpenAPI document.
import type { Static, TObject, TSchema } from '@sinclair/typebox';
import type { ParameterizedContext } from 'koa';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type SuccessStatus = 200 | 201 | 202 | 204;

export interface ResponseSpec {
  description: string;
  schema?: TSchema;
}

export type Responses = { [status: number]: ResponseSpec };

/** What a handler returns: one of the route's 2xx statuses with a body of that status's schema. */
export type Reply<R extends Responses> = {
  [K in keyof R & SuccessStatus]: R[K] extends { schema: infer S extends TSchema } ? { status: K; body: Static<S> } : { status: K };
}[keyof R & SuccessStatus];

type Input<P extends TObject, Q extends TObject, B extends TSchema> = { params: Static<P>; query: Static<Q>; body: Static<B> };

export interface ApiRoute<
  P extends TObject = TObject,
  Q extends TObject = TObject,
  B extends TSchema = TSchema,
  R extends Responses = Responses,
> {
  method: HttpMethod;
  /** Koa style: `/users/:id` (the document writes `/users/{id}`). */
  path: string;
  summary: string;
  description?: string;
  /** Path parameters (strings). */
  params?: P;
  /** Query parameters: converted from strings to the declared types, defaults filled in; `?a=` counts as absent. */
  query?: Q;
  /** JSON request body. */
  body?: B;
  responses: R;
  /** Overrides the API's error code for a request that breaks the schema (e.g. `invalid_timezone`). */
  invalidCode?: string;
  // Method syntax on purpose: routes with different inputs live in one list.
  handle(input: Input<P, Q, B>, ctx: ParameterizedContext): Promise<Reply<R>>;
}

/** Declares a route; TypeScript infers the input and reply types from its schemas. */
export function apiRoute<
  P extends TObject = TObject<Record<never, never>>,
  Q extends TObject = TObject<Record<never, never>>,
  B extends TSchema = TObject<Record<never, never>>,
  R extends Responses = Responses,
>(route: ApiRoute<P, Q, B, R>): ApiRoute {
  return route as unknown as ApiRoute;
}

/** `/users/:id` → `/users/{id}` (OpenAPI path templating). */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}
