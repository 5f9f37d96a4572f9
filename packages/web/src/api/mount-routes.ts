// The steps of one route of a table: the request checked against its schemas, then the handler's reply.
import { SamlbridgeError } from '@samlbridge/errors';
import type { Static, TObject, TSchema } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import type { Middleware } from 'koa';
import type { ApiRoute } from './api-route.js';
import { DEFAULT_WORDING, type FieldProblem, fieldProblems, type ProblemWording } from './field-problems.js';

export interface MountOptions {
  /** Error code of a request that breaks its schemas (the IdP: `validation_failed`). */
  invalidCode: string;
  /** The 400's message, given every problem. */
  summary?: (problems: FieldProblem[]) => string;
  wording?: ProblemWording;
  /** `details` field naming the body itself when it is not a JSON object. */
  bodyField?: string;
}

interface Checker {
  schema: TObject | TSchema;
  check: TypeCheck<TSchema>;
}

const compile = (schema: TSchema | undefined): Checker | undefined => schema && { schema, check: TypeCompiler.Compile(schema) };

/** Query strings: `?a=` is absent; strings become the declared numbers and booleans; defaults are filled in. */
function readQuery(schema: TSchema, raw: Record<string, unknown>): unknown {
  const present = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== ''));
  return Value.Default(schema, Value.Convert(schema, present));
}

function invalid(code: string, options: MountOptions, problems: FieldProblem[]): SamlbridgeError {
  const summary = options.summary ?? ((p) => `The request has invalid fields: ${p.map((x) => `${x.field} ${x.message}`).join('; ')}`);
  return new SamlbridgeError(code, summary(problems), { status: 400, details: problems });
}

/** A query reader for callers outside a route table (e.g. a portal page using the API's filter). */
export function queryReader<S extends TObject>(schema: S, options: MountOptions): (raw: Record<string, unknown>) => Static<S> {
  const check = TypeCompiler.Compile(schema);
  return (raw) => {
    const value = readQuery(schema, raw);
    const problems = fieldProblems(check, value, '(query)', options.wording ?? DEFAULT_WORDING);
    if (problems.length > 0) throw invalid(options.invalidCode, options, problems);
    return value as Static<S>;
  };
}

export function checkRequest(route: ApiRoute, options: MountOptions): Middleware {
  const w = options.wording ?? DEFAULT_WORDING;
  const params = compile(route.params);
  const query = compile(route.query);
  const body = compile(route.body);
  return async function checkRequestSchemas(ctx, next) {
    const problems: FieldProblem[] = [];
    const input = { params: { ...ctx.params } as unknown, query: {} as unknown, body: undefined as unknown };
    if (params) problems.push(...fieldProblems(params.check, input.params, '(path)', w));
    if (query) {
      input.query = readQuery(query.schema, ctx.query as Record<string, unknown>);
      problems.push(...fieldProblems(query.check, input.query, '(query)', w));
    }
    if (body) {
      const raw = (ctx.request as { body?: unknown }).body;
      input.body = raw ?? {};
      problems.push(...fieldProblems(body.check, input.body, options.bodyField ?? '(body)', w));
    }
    if (problems.length > 0) {
      throw invalid(route.invalidCode ?? options.invalidCode, options, problems);
    }
    ctx.state.input = input;
    await next();
  };
}

function reply(route: ApiRoute): Middleware {
  return async function replyFromHandler(ctx) {
    const out = (await route.handle(ctx.state.input, ctx)) as { status: number; body?: unknown };
    ctx.status = out.status;
    if ('body' in out) ctx.body = out.body;
  };
}

/** A route's steps: `[checkRequestSchemas, replyFromHandler]`; mount them with `router[route.method](route.path, ...)`. */
export function routeSteps(route: ApiRoute, options: MountOptions): Middleware[] {
  return [checkRequest(route, options), reply(route)];
}
