// PATCH paths (RFC 7644 §3.5.2 "PATH = attrPath / valuePath [subAttr]") and the value filters inside them,
// evaluated against one resource's elements in memory (never to search the user table).
import { type Filter, parse } from 'scim2-parse-filter';
import { scimBad } from './errors.js';

export interface PatchPath {
  /** The extension object the attribute lives in (its URN as written in the resource), or undefined for core. */
  extension?: string;
  /** Top-level attribute; undefined when the path is the extension URN itself. */
  attr?: string;
  filter?: Filter;
  sub?: string;
}

const NAME = '[A-Za-z$][\\w$-]*';
const PATH_RE = new RegExp(`^(${NAME})(?:\\[(.*)\\])?(?:\\.(${NAME}))?$`, 's');

/** Splits a path; `coreUrns` are stripped, `extensionUrns` select an extension object (case-insensitive). */
export function parsePatchPath(raw: string, coreUrns: string[], extensionUrns: string[]): PatchPath {
  if (typeof raw !== 'string' || raw.trim() === '' || raw.length > 1024) throw scimBad('invalidPath', 'The "path" is empty or too long');
  let rest = raw.trim();
  let extension: string | undefined;
  const lower = rest.toLowerCase();
  for (const urn of coreUrns) {
    if (lower.startsWith(`${urn.toLowerCase()}:`)) rest = rest.slice(urn.length + 1);
  }
  for (const urn of extensionUrns) {
    if (lower === urn.toLowerCase()) return { extension: urn };
    if (lower.startsWith(`${urn.toLowerCase()}:`)) {
      extension = urn;
      rest = rest.slice(urn.length + 1);
    }
  }
  if (!extension && /^urn:/i.test(rest)) {
    // Another schema's extension (e.g. Entra's enterprise User): kept under its URN, ignored by the validator.
    const head = rest.split('[')[0] as string;
    const cut = head.lastIndexOf(':');
    extension = rest.slice(0, cut);
    rest = rest.slice(cut + 1);
  }
  const m = PATH_RE.exec(rest);
  if (!m) throw scimBad('invalidPath', `"${raw}" is not a valid attribute path`);
  const [, attr, filterText, sub] = m;
  let filter: Filter | undefined;
  if (filterText !== undefined) {
    try {
      filter = parse(filterText);
    } catch {
      throw scimBad('invalidPath', `The filter in "${raw}" is not valid SCIM filter syntax`);
    }
  }
  return { ...(extension ? { extension } : {}), attr, ...(filter ? { filter } : {}), ...(sub ? { sub } : {}) };
}

/** The key of `obj` matching `name` case-insensitively (RFC 7643 §2.1), else `name` itself. */
export function keyOf(obj: Record<string, unknown>, name: string): string {
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower) ?? name;
}

function valueAt(el: unknown, path: string): unknown {
  let cur: unknown = el;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[keyOf(cur as Record<string, unknown>, part)];
  }
  return cur;
}

const norm = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);

function compare(actual: unknown, op: string, expected: unknown): boolean {
  if (actual === undefined || actual === null) return op === 'ne' && expected !== null;
  if (typeof actual === 'string' && /^(true|false)$/i.test(actual) && typeof expected === 'boolean') {
    actual = actual.toLowerCase() === 'true';
  }
  const a = norm(typeof actual === 'number' ? String(actual) : actual);
  const e = norm(typeof expected === 'number' ? String(expected) : expected);
  switch (op) {
    case 'eq':
      return a === e;
    case 'ne':
      return a !== e;
    case 'co':
      return typeof a === 'string' && typeof e === 'string' && a.includes(e);
    case 'sw':
      return typeof a === 'string' && typeof e === 'string' && a.startsWith(e);
    case 'ew':
      return typeof a === 'string' && typeof e === 'string' && a.endsWith(e);
    case 'gt':
      return typeof a === typeof e && (a as string) > (e as string);
    case 'ge':
      return typeof a === typeof e && (a as string) >= (e as string);
    case 'lt':
      return typeof a === typeof e && (a as string) < (e as string);
    case 'le':
      return typeof a === typeof e && (a as string) <= (e as string);
    default:
      throw scimBad('invalidPath', `Unknown operator "${op}" in the path filter`);
  }
}

/** Whether one element of a multi-valued attribute matches a path filter (strings compared case-insensitively). */
export function matches(f: Filter, el: unknown, depth = 0): boolean {
  if (depth > 50) throw scimBad('invalidPath', 'The path filter is nested too deeply');
  const op = String(f.op).toLowerCase();
  if (op === 'and') return (f as { filters: Filter[] }).filters.every((x) => matches(x, el, depth + 1));
  if (op === 'or') return (f as { filters: Filter[] }).filters.some((x) => matches(x, el, depth + 1));
  if (op === 'not') return !matches((f as { filter: Filter }).filter, el, depth + 1);
  if (op === '[]') throw scimBad('invalidPath', 'Value paths cannot be nested in a path filter');
  const path = String((f as { attrPath: string }).attrPath);
  if (op === 'pr') {
    const v = valueAt(el, path);
    return v !== undefined && v !== null && v !== '';
  }
  return compare(valueAt(el, path), op, (f as { compValue: unknown }).compValue);
}

/** For a filter like `type eq "work"`, the element an add/replace creates when nothing matches (Entra sends these). */
export function seedFromFilter(f: Filter): Record<string, unknown> {
  const op = String(f.op).toLowerCase();
  if (op === 'eq') return { [String((f as { attrPath: string }).attrPath)]: (f as { compValue: unknown }).compValue };
  if (op === 'and') return Object.assign({}, ...(f as { filters: Filter[] }).filters.map(seedFromFilter));
  throw scimBad('noTarget', 'The path filter matches no value and does not say which value to create');
}
