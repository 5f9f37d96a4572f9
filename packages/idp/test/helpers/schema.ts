// A tiny JSON Schema checker for the subset our OpenAPI document uses ($ref, allOf, type incl. unions,
// enum, required, properties, items, minItems). Returns the problems found (empty = valid).
type Schema = Record<string, unknown>;

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

export function validate(schema: Schema, value: unknown, doc: Schema, at = '$'): string[] {
  if (typeof schema.$ref === 'string') {
    const target = schema.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((o, k) => (o as Schema)[k], doc) as Schema | undefined;
    if (!target) return [`${at}: unresolved ${schema.$ref}`];
    return validate(target, value, doc, at);
  }
  const problems: string[] = [];
  if (Array.isArray(schema.allOf)) for (const s of schema.allOf) problems.push(...validate(s as Schema, value, doc, at));
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    const actual = typeOf(value);
    if (!types.includes(actual) && !(actual === 'integer' && types.includes('number'))) {
      return [...problems, `${at}: expected ${types.join('|')}, got ${actual}`];
    }
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) problems.push(`${at}: ${JSON.stringify(value)} not in enum`);
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    for (const r of (schema.required as string[] | undefined) ?? []) if (!(r in obj)) problems.push(`${at}.${r}: required`);
    const props = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [k, s] of Object.entries(props)) if (obj[k] !== undefined) problems.push(...validate(s, obj[k], doc, `${at}.${k}`));
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) problems.push(`${at}: fewer than ${schema.minItems} items`);
    if (schema.items) {
      for (const [i, item] of value.entries()) problems.push(...validate(schema.items as Schema, item, doc, `${at}[${i}]`));
    }
  }
  return problems;
}
