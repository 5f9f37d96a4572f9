// Schema building blocks shared by both admin APIs (TypeBox: JSON Schema 2020-12, as OpenAPI 3.1 uses).
import { FormatRegistry, type TSchema, type TUnsafe, Type } from '@sinclair/typebox';

// RFC 3339 §5.6 date-time, as JSON.stringify writes a Date.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

// Formats are checked by name (JSON Schema 2020-12 §7.3); TypeBox refuses names it does not know.
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (v) => DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)));
if (!FormatRegistry.Has('uri')) FormatRegistry.Set('uri', isHttpUrl);

/** A schema whose TypeScript type is `T` (for values the JSON form changes, e.g. a Date written as a string). */
export type Typed<T> = TUnsafe<T>;

/** One of these strings: an `enum` in the OpenAPI document, a union of literals in TypeScript. */
export function oneOf<const T extends string>(values: readonly T[], options: { description?: string } = {}): Typed<T> {
  return Type.Union(
    values.map((v) => Type.Literal(v)),
    options,
  ) as unknown as Typed<T>;
}

/** A date-time: a `Date` in TypeScript (JSON writes it as RFC 3339), a string on the wire. */
export function dateTime(options: { description?: string } = {}): Typed<Date | string> {
  return Type.String({ format: 'date-time', ...options }) as unknown as Typed<Date | string>;
}

/** `T` or null. */
export function nullable<S extends TSchema>(schema: S, options: { description?: string } = {}) {
  return Type.Union([schema, Type.Null()], options);
}

// A symbol key: copied along when TypeBox wraps the schema (Optional, Composite), never written into the document.
const MESSAGE = Symbol('samlbridge.message');

/** The message a person reads when a value breaks `schema` (instead of the generic one). */
export function withMessage<S extends TSchema>(schema: S, message: string): S {
  (schema as TSchema & { [MESSAGE]?: string })[MESSAGE] = message;
  return schema;
}

export function messageOf(schema: TSchema): string | undefined {
  return (schema as TSchema & { [MESSAGE]?: string })[MESSAGE];
}
