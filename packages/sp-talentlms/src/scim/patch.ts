// The PATCH engine (RFC 7644 §3.5.2): pure functions over a JSON copy of the resource. Every operation is checked
// against the schema first; the caller validates the result and stores it in one update, so a request applies
// completely or not at all.
import { isDeepStrictEqual } from 'node:util';
import { scimBad } from './errors.js';
import { keyOf, matches, type PatchPath, parsePatchPath, seedFromFilter } from './patch-path.js';
import { checkOperation, isIgnoredPath, type PatchSchema } from './patch-schema.js';
import { SCHEMA } from './schemas.js';

export type Json = Record<string, unknown>;
export type OpName = 'add' | 'replace' | 'remove';

export interface PatchOperation {
  op: OpName;
  path?: string;
  value?: unknown;
}

/** What the resource's schema lets a PATCH address (see patch-schema.ts). */
export type PatchOptions = PatchSchema;

export const MAX_OPERATIONS = 1000;

/** Validates the PatchOp envelope (RFC 7644 §3.5.2) and normalises `op` case (`Replace` → `replace`). */
export function readPatchRequest(body: unknown): PatchOperation[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw scimBad('invalidSyntax', 'Send a PatchOp JSON object');
  const b = body as Json;
  const schemas = b[keyOf(b, 'schemas')];
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === SCHEMA.patchOp.toLowerCase())) {
    throw scimBad('invalidValue', `"schemas" must be ["${SCHEMA.patchOp}"]`);
  }
  const ops = b[keyOf(b, 'Operations')];
  if (!Array.isArray(ops) || ops.length === 0) throw scimBad('invalidSyntax', '"Operations" must be a non-empty list');
  if (ops.length > MAX_OPERATIONS) throw scimBad('tooMany', `At most ${MAX_OPERATIONS} operations per request`);
  return ops.map((raw, i) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw scimBad('invalidSyntax', `Operation ${i + 1} is not an object`);
    const o = raw as Json;
    const op = o[keyOf(o, 'op')];
    const name = typeof op === 'string' ? op.toLowerCase() : '';
    if (name !== 'add' && name !== 'replace' && name !== 'remove') {
      throw scimBad('invalidSyntax', `Operation ${i + 1}: "op" must be add, replace or remove`);
    }
    const path = o[keyOf(o, 'path')];
    if (path !== undefined && typeof path !== 'string') throw scimBad('invalidPath', `Operation ${i + 1}: "path" must be a string`);
    const value = o[keyOf(o, 'value')];
    if (name !== 'remove' && value === undefined) throw scimBad('invalidSyntax', `Operation ${i + 1}: "${name}" needs a "value"`);
    return { op: name, ...(path ? { path } : {}), ...(value !== undefined ? { value } : {}) };
  });
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => structuredClone(v);

function container(doc: Json, p: PatchPath, create: boolean): Json | undefined {
  if (!p.extension) return doc;
  const key = keyOf(doc, p.extension);
  if (!isObject(doc[key])) {
    if (!create) return undefined;
    doc[key] = {};
  }
  return doc[key] as Json;
}

function merge(target: Json, value: Json): Json {
  for (const [k, v] of Object.entries(value)) target[keyOf(target, k)] = clone(v);
  return target;
}

/** Adds values to a multi-valued attribute, skipping exact duplicates (RFC 7644 §3.5.2.1). */
function appendAll(list: unknown[], value: unknown): unknown[] {
  for (const v of Array.isArray(value) ? value : [value]) if (!list.some((x) => isDeepStrictEqual(x, v))) list.push(clone(v));
  return list;
}

function applyOne(doc: Json, op: PatchOperation, opts: PatchOptions): void {
  if (op.path === undefined) {
    if (op.op === 'remove') throw scimBad('noTarget', 'A "remove" operation needs a "path"');
    if (!isObject(op.value)) throw scimBad('invalidValue', `"${op.op}" without a path needs an object "value"`);
    for (const [key, value] of Object.entries(op.value)) {
      if (key.toLowerCase() === 'schemas') continue;
      if (opts.readOnly.has(key.toLowerCase())) {
        // Clients (Okta) echo id/meta: harmless when unchanged, refused when different.
        if (isDeepStrictEqual(doc[keyOf(doc, key)], value)) continue;
        throw scimBad('mutability', `"${key}" is read-only`);
      }
      applyOne(doc, { op: op.op, path: key, value }, opts);
    }
    return;
  }
  if (isIgnoredPath(op.path, opts)) return;
  const p = parsePatchPath(op.path, opts.coreUrns, Object.keys(opts.extensions));
  if (!p.extension && p.attr && opts.readOnly.has(p.attr.toLowerCase())) throw scimBad('mutability', `"${p.attr}" is read-only`);
  if (p.attr === undefined) {
    // The path is an extension URN: the whole extension object.
    const key = keyOf(doc, p.extension as string);
    if (op.op === 'remove') delete doc[key];
    else if (!isObject(op.value)) throw scimBad('invalidValue', `"${op.path}" needs an object value`);
    else doc[key] = merge(isObject(doc[key]) ? (doc[key] as Json) : {}, op.value);
    return;
  }
  const target = container(doc, p, op.op !== 'remove');
  if (!target) return;
  const key = keyOf(target, p.attr);
  const current = target[key];
  const multi = Array.isArray(current) || (!p.extension && opts.core.get(p.attr.toLowerCase())?.multiValued === true);

  if (p.filter) {
    if (!multi) throw scimBad('invalidPath', `"${p.attr}" is not multi-valued: it cannot take a filter`);
    const list = Array.isArray(current) ? current : [];
    const hits = list.filter((el) => matches(p.filter as NonNullable<PatchPath['filter']>, el));
    if (op.op === 'remove') {
      if (p.sub) for (const el of hits) if (isObject(el)) delete el[keyOf(el, p.sub)];
      target[key] = p.sub ? list : list.filter((el) => !hits.includes(el));
      return;
    }
    if (hits.length === 0) {
      const seeded = seedFromFilter(p.filter);
      hits.push(seeded);
      list.push(seeded);
    }
    for (const el of hits) {
      if (!isObject(el)) continue;
      if (p.sub) el[keyOf(el, p.sub)] = clone(op.value);
      else if (isObject(op.value)) merge(el, op.value);
      else throw scimBad('invalidValue', `"${op.path}" needs an object value`);
    }
    target[key] = list;
    return;
  }

  if (p.sub) {
    if (multi) {
      // `emails.value` without a filter: every element (RFC 7644 §3.5.2.3).
      const list = Array.isArray(current) ? current : [];
      if (op.op !== 'remove' && list.length === 0) list.push({});
      for (const el of list) {
        if (!isObject(el)) continue;
        if (op.op === 'remove') delete el[keyOf(el, p.sub)];
        else el[keyOf(el, p.sub)] = clone(op.value);
      }
      target[key] = list;
      return;
    }
    if (op.op === 'remove') {
      if (isObject(current)) delete current[keyOf(current, p.sub)];
      return;
    }
    const obj = isObject(current) ? current : {};
    obj[keyOf(obj, p.sub)] = clone(op.value);
    target[key] = obj;
    return;
  }

  if (op.op === 'remove') {
    if (multi && op.value !== undefined && Array.isArray(current)) {
      // Entra ID: {"op":"Remove","path":"members","value":[{"value":"id"}]} removes just those.
      const gone = new Set((Array.isArray(op.value) ? op.value : [op.value]).map((v) => String(isObject(v) ? v[keyOf(v, 'value')] : v)));
      target[key] = current.filter((el) => !(isObject(el) && gone.has(String(el[keyOf(el, 'value')]))));
    } else delete target[key];
    return;
  }
  if (multi) {
    target[key] = op.op === 'add' ? appendAll(Array.isArray(current) ? current : [], op.value) : appendAll([], op.value);
    return;
  }
  if (isObject(op.value) && isObject(current)) merge(current, op.value);
  else if (op.value === null) delete target[key];
  else target[key] = clone(op.value);
}

/** Checks every operation against the schema before any is applied (400 invalidPath / mutability). */
export function checkPatch(ops: PatchOperation[], opts: PatchOptions): void {
  for (const op of ops) checkOperation(op, opts);
}

/** Checks every operation, then applies them to a copy of `doc`; a bad one throws a ScimError (400), leaving `doc` untouched. */
export function applyPatch(doc: Json, ops: PatchOperation[], opts: PatchOptions): Json {
  checkPatch(ops, opts);
  const copy = clone(doc);
  for (const op of ops) applyOne(copy, op, opts);
  return copy;
}
