// A value checked against its schema, every problem as `{field, message}` (the `details` of a 400).
import type { TSchema } from '@sinclair/typebox';
import type { TypeCheck } from '@sinclair/typebox/compiler';
import { ValueErrorType } from '@sinclair/typebox/errors';
import { messageOf } from './schema-kit.js';

export interface FieldProblem {
  field: string;
  message: string;
}

/** The words of one API's messages: the IdP writes "is required", the SP "Required". */
export interface ProblemWording {
  required: string;
  unknownField: string;
  string: string;
  boolean: string;
  object: string;
  list: string;
  oneOf: (values: string[]) => string;
  wholeNumber: (min: number, max: number) => string;
  maxLength: (n: number) => string;
  minLength: (n: number) => string;
  maxItems: (n: number) => string;
  minItems: (n: number) => string;
  url: string;
  dateTime: string;
  format: string;
}

export const DEFAULT_WORDING: ProblemWording = {
  required: 'is required',
  unknownField: 'is not a known field',
  string: 'must be a string',
  boolean: 'must be true or false',
  object: 'must be a JSON object',
  list: 'must be a list',
  oneOf: (values) => `must be one of: ${values.join(', ')}`,
  wholeNumber: (min, max) => `must be a whole number from ${min} to ${max}`,
  maxLength: (n) => `must be at most ${n} characters`,
  minLength: (n) => (n === 1 ? 'must not be empty' : `must be at least ${n} characters`),
  maxItems: (n) => `must list at most ${n} items`,
  minItems: (n) => `must list at least ${n} item${n === 1 ? '' : 's'}`,
  url: 'must be an absolute http(s) URL',
  dateTime: 'must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z',
  format: 'has an invalid format',
};

/** JSON pointer (RFC 6901) → the field names the API has always used: `/acsUrls/0` → `acsUrls[0]`. */
export function fieldName(pointer: string, root: string): string {
  if (pointer === '') return root;
  let out = '';
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(key) ? `[${key}]` : out === '' ? key : `.${key}`;
  }
  return out;
}

function literals(schema: TSchema): string[] | undefined {
  const anyOf = (schema as { anyOf?: TSchema[] }).anyOf;
  if (!anyOf?.every((s) => typeof s.const === 'string')) return undefined;
  return anyOf.map((s) => s.const as string);
}

function typeMessage(schema: TSchema, w: ProblemWording): string {
  const literal = literals(schema);
  if (literal) return w.oneOf(literal);
  const anyOf = (schema as { anyOf?: TSchema[] }).anyOf;
  if (anyOf) {
    const kinds = anyOf.map((s) => (s.type === 'null' ? 'null' : typeMessage(s, w).replace(/^must be /, '')));
    return `must be ${kinds.join(' or ')}`;
  }
  switch (schema.type) {
    case 'string':
      return w.string;
    case 'boolean':
      return w.boolean;
    case 'integer':
    case 'number':
      return w.wholeNumber(schema.minimum ?? 0, schema.maximum ?? Number.MAX_SAFE_INTEGER);
    case 'object':
      return w.object;
    case 'array':
      return w.list;
    default:
      return w.format;
  }
}

function describe(type: ValueErrorType, schema: TSchema, w: ProblemWording): string {
  if (type === ValueErrorType.ObjectRequiredProperty) return w.required;
  if (type === ValueErrorType.ObjectAdditionalProperties) return w.unknownField;
  const custom = messageOf(schema);
  if (custom) return custom;
  switch (type) {
    case ValueErrorType.StringMaxLength:
      return w.maxLength(schema.maxLength);
    case ValueErrorType.StringMinLength:
      return w.minLength(schema.minLength);
    case ValueErrorType.ArrayMaxItems:
      return w.maxItems(schema.maxItems);
    case ValueErrorType.ArrayMinItems:
      return w.minItems(schema.minItems);
    case ValueErrorType.StringFormat:
      return schema.format === 'uri' ? w.url : schema.format === 'date-time' ? w.dateTime : w.format;
    case ValueErrorType.StringPattern:
      return w.format;
    default:
      return typeMessage(schema, w);
  }
}

/** Every problem of `value`, one per field (the first found), in document order. */
export function fieldProblems(check: TypeCheck<TSchema>, value: unknown, root: string, w: ProblemWording): FieldProblem[] {
  const out: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const error of check.Errors(value)) {
    const field = fieldName(error.path, root);
    // A field inside one already reported (or the same field again) adds nothing a person can act on.
    if ([...seen].some((s) => field === s || field.startsWith(`${s}.`) || field.startsWith(`${s}[`))) continue;
    seen.add(field);
    out.push({ field, message: describe(error.type, error.schema, w) });
  }
  return out;
}
