// The OpenAPI 3.1 document of a route table: paths from the routes, components from the named schemas.
import type { TSchema } from '@sinclair/typebox';
import { type ApiRoute, openApiPath } from './api-route.js';

type Json = Record<string, unknown>;

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
  servers: { url: string }[];
  securitySchemes: Record<string, Json>;
  /** Names of the security schemes every operation needs. */
  security: string[];
  /** Schemas written once under `#/components/schemas/{name}` and referenced wherever they are used. */
  components: Record<string, TSchema>;
}

/** A plain JSON copy of `schema`: named sub-schemas become `$ref`s, unions of string constants an `enum`. */
function toJson(schema: unknown, names: Map<unknown, string>, self?: unknown): unknown {
  if (schema !== self && names.has(schema)) return { $ref: `#/components/schemas/${names.get(schema)}` };
  if (Array.isArray(schema)) return schema.map((s) => toJson(s, names));
  if (schema === null || typeof schema !== 'object') return schema;
  const s = schema as Json;
  const anyOf = s.anyOf as Json[] | undefined;
  if (anyOf && anyOf.length > 0 && anyOf.every((m) => typeof m.const === 'string')) {
    const { anyOf: _members, ...rest } = s;
    return { ...rest, type: 'string', enum: anyOf.map((m) => m.const) };
  }
  // Object.entries skips TypeBox's symbol keys.
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, toJson(v, names)]));
}

function parameters(route: ApiRoute, names: Map<unknown, string>): Json[] {
  const out: Json[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    const required = new Set(schema.required ?? []);
    for (const [name, property] of Object.entries(schema.properties as Record<string, TSchema>)) {
      const { description, ...rest } = toJson(property, names) as Json;
      out.push({
        name,
        in: where,
        // OpenAPI 3.1 §4.8.12.1: path parameters are always required.
        ...(where === 'path' || (required.has(name) && rest.default === undefined) ? { required: true } : {}),
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  }
  return out;
}

function operation(route: ApiRoute, names: Map<unknown, string>): Json {
  const json = (schema: TSchema) => ({ content: { 'application/json': { schema: toJson(schema, names) } } });
  const params = parameters(route, names);
  return {
    operationId: `${route.method}${openApiPath(route.path)
      .replace(/[{}]/g, '')
      .replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase())}`,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(route.body ? { requestBody: { required: true, ...json(route.body) } } : {}),
    responses: Object.fromEntries(
      Object.entries(route.responses).map(([status, r]) => [status, { description: r.description, ...(r.schema ? json(r.schema) : {}) }]),
    ),
  };
}

export function openApiDocument(info: OpenApiInfo, routes: readonly ApiRoute[]): Json {
  const names = new Map<unknown, string>(Object.entries(info.components).map(([name, schema]) => [schema, name]));
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operation(route, names) };
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, ...(info.description ? { description: info.description } : {}) },
    servers: info.servers,
    security: info.security.map((name) => ({ [name]: [] })),
    paths,
    components: {
      securitySchemes: info.securitySchemes,
      schemas: Object.fromEntries(Object.entries(info.components).map(([name, schema]) => [name, toJson(schema, names, schema)])),
    },
  };
}
