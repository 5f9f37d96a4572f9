// SCIM filters (RFC 7644 §3.4.2.2): text → scim2-parse-filter AST → a resolved, typed FilterNode the store runs as SQL.
// Attribute names and operators are case-insensitive; URN-prefixed names are accepted (RFC 7644 §3.10).
import { type Filter, parse } from 'scim2-parse-filter';
import type { CompareOp, FilterNode, GroupAttr, UserAttr } from '../store/filter.js';
import { scimBad } from './errors.js';
import { SCHEMA } from './schemas.js';

export type AttrType = 'string' | 'boolean' | 'dateTime';

/** Lower-cased SCIM path → the store's attribute and its type. */
export type AttrRegistry<A extends string> = Record<string, { attr: A; type: AttrType }>;

export const USER_FILTER_ATTRS: AttrRegistry<UserAttr> = {
  id: { attr: 'id', type: 'string' },
  externalid: { attr: 'externalId', type: 'string' },
  username: { attr: 'userName', type: 'string' },
  displayname: { attr: 'displayName', type: 'string' },
  'name.formatted': { attr: 'name.formatted', type: 'string' },
  'name.givenname': { attr: 'name.givenName', type: 'string' },
  'name.familyname': { attr: 'name.familyName', type: 'string' },
  emails: { attr: 'emails.value', type: 'string' },
  'emails.value': { attr: 'emails.value', type: 'string' },
  'emails.type': { attr: 'emails.type', type: 'string' },
  'emails.primary': { attr: 'emails.primary', type: 'boolean' },
  active: { attr: 'active', type: 'boolean' },
  usertype: { attr: 'userType', type: 'string' },
  timezone: { attr: 'timezone', type: 'string' },
  'meta.created': { attr: 'meta.created', type: 'dateTime' },
  'meta.lastmodified': { attr: 'meta.lastModified', type: 'dateTime' },
  'meta.resourcetype': { attr: 'meta.resourceType', type: 'string' },
};

export const GROUP_FILTER_ATTRS: AttrRegistry<GroupAttr> = {
  id: { attr: 'id', type: 'string' },
  externalid: { attr: 'externalId', type: 'string' },
  displayname: { attr: 'displayName', type: 'string' },
  members: { attr: 'members.value', type: 'string' },
  'members.value': { attr: 'members.value', type: 'string' },
  'members.display': { attr: 'members.display', type: 'string' },
  'meta.created': { attr: 'meta.created', type: 'dateTime' },
  'meta.lastmodified': { attr: 'meta.lastModified', type: 'dateTime' },
  'meta.resourcetype': { attr: 'meta.resourceType', type: 'string' },
};

const URN_PREFIXES = [SCHEMA.user, SCHEMA.group, SCHEMA.talentlms].map((u) => `${u.toLowerCase()}:`);
const MAX_FILTER_LENGTH = 4096;
/** Expressions in one filter (each comparison, `pr`, and/or group and `not`); with the length cap, bounds its SQL. */
const MAX_NODES = 200;

/** `urn:…:User:name.givenName` → `name.givenname` (lower case; RFC 7643 §2.1 names are case-insensitive). */
export function canonicalPath(path: string): string {
  const lower = path.toLowerCase();
  for (const prefix of URN_PREFIXES) if (lower.startsWith(prefix)) return lower.slice(prefix.length);
  return lower;
}

const COMPARE_OPS = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);

function typedValue(type: AttrType, op: CompareOp, raw: unknown, path: string): string | boolean {
  if (type === 'boolean') {
    if (op !== 'eq' && op !== 'ne') throw scimBad('invalidFilter', `"${op}" cannot compare the boolean ${path}`);
    if (typeof raw === 'boolean') return raw;
    if (typeof raw === 'string' && /^(true|false)$/i.test(raw)) return raw.toLowerCase() === 'true';
    throw scimBad('invalidFilter', `${path} is a boolean: compare it with true or false`);
  }
  if (typeof raw === 'boolean') throw scimBad('invalidFilter', `${path} is not a boolean`);
  const text = typeof raw === 'number' ? String(raw) : raw;
  if (typeof text !== 'string') throw scimBad('invalidFilter', `Unsupported value for ${path}`);
  if (type === 'dateTime') {
    if (op === 'co' || op === 'sw' || op === 'ew') throw scimBad('invalidFilter', `"${op}" cannot compare the dateTime ${path}`);
    const d = new Date(text);
    if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(text)) {
      throw scimBad('invalidFilter', `${path} is a dateTime: use an xsd:dateTime such as "2026-03-01T10:00:00Z"`);
    }
    return d.toISOString();
  }
  return text;
}

function resolve<A extends string>(f: Filter, attrs: AttrRegistry<A>, prefix: string, budget: { nodes: number }): FilterNode<A> {
  if (++budget.nodes > MAX_NODES) {
    throw scimBad(
      'invalidFilter',
      `The filter has more than ${MAX_NODES} expressions (each comparison, "pr", "and"/"or" group and "not" counts one)`,
    );
  }
  if (typeof f !== 'object' || f === null || typeof f.op !== 'string') throw scimBad('invalidFilter', 'The filter could not be understood');
  const op = f.op.toLowerCase();
  const lookup = (path: unknown) => {
    if (typeof path !== 'string' || path === '') throw scimBad('invalidFilter', 'An attribute name is missing');
    const key = prefix + canonicalPath(path);
    const a = attrs[key];
    if (!a) throw scimBad('invalidFilter', `"${path}" is not an attribute that can be filtered on`);
    return { ...a, path };
  };
  if (op === 'and' || op === 'or') {
    const items = (f as { filters?: Filter[] }).filters;
    if (!Array.isArray(items) || items.length === 0) throw scimBad('invalidFilter', 'The filter could not be understood');
    return { kind: op, items: items.map((x) => resolve(x, attrs, prefix, budget)) };
  }
  if (op === 'not') return { kind: 'not', item: resolve((f as { filter: Filter }).filter, attrs, prefix, budget) };
  if (op === '[]') {
    if (prefix) throw scimBad('invalidFilter', 'Value paths cannot be nested');
    const vp = f as { attrPath: string; valFilter: Filter };
    return resolve(vp.valFilter, attrs, `${canonicalPath(String(vp.attrPath))}.`, budget);
  }
  if (op === 'pr') return { kind: 'pr', attr: lookup((f as { attrPath: string }).attrPath).attr };
  if (!COMPARE_OPS.has(op)) throw scimBad('invalidFilter', `Unknown operator "${f.op}"`);
  const c = f as { attrPath: string; compValue: unknown };
  const a = lookup(c.attrPath);
  const cmpOp = op as CompareOp;
  if (c.compValue === null) {
    // RFC 7644 §3.4.2.2: "eq null" is "not present".
    if (cmpOp === 'eq') return { kind: 'not', item: { kind: 'pr', attr: a.attr } };
    if (cmpOp === 'ne') return { kind: 'pr', attr: a.attr };
    throw scimBad('invalidFilter', `"${op}" cannot compare with null`);
  }
  return { kind: 'cmp', attr: a.attr, op: cmpOp, value: typedValue(a.type, cmpOp, c.compValue, a.path) };
}

/** Parses and resolves a filter; every problem is a 400 `invalidFilter` (RFC 7644 §3.4.2.2). */
export function parseFilter<A extends string>(text: string, attrs: AttrRegistry<A>): FilterNode<A> {
  if (text.length > MAX_FILTER_LENGTH) throw scimBad('invalidFilter', `The filter is longer than ${MAX_FILTER_LENGTH} characters`);
  if (text.trim() === '') throw scimBad('invalidFilter', 'The filter is empty');
  let ast: Filter;
  try {
    ast = parse(text);
  } catch (err) {
    throw scimBad('invalidFilter', `The filter is not valid SCIM filter syntax (${String((err as Error)?.message ?? err).slice(0, 200)})`);
  }
  try {
    return resolve(ast, attrs, '', { nodes: 0 });
  } catch (err) {
    if (err instanceof RangeError) throw scimBad('invalidFilter', 'The filter is nested too deeply');
    throw err;
  }
}
