// `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5): trims representations; `id` and `schemas` are always returned.

import type { Json } from './patch.js';
import { keyOf } from './patch-path.js';

interface Selector {
  ext?: string;
  attr: string;
  sub?: string;
}

const ALWAYS = new Set(['id', 'schemas']);

function parseList(raw: unknown, coreUrn: string, extUrns: string[]): Selector[] {
  if (typeof raw !== 'string' || raw.trim() === '') return [];
  return raw.split(',').flatMap((item) => {
    let s = item.trim();
    if (!s) return [];
    let ext: string | undefined;
    const lower = s.toLowerCase();
    if (lower.startsWith(`${coreUrn.toLowerCase()}:`)) s = s.slice(coreUrn.length + 1);
    for (const urn of extUrns) {
      if (lower === urn.toLowerCase()) return [{ attr: urn }];
      if (lower.startsWith(`${urn.toLowerCase()}:`)) {
        ext = urn;
        s = s.slice(urn.length + 1);
      }
    }
    const [attr = '', sub] = s.split('.');
    return [{ ...(ext ? { ext } : {}), attr, ...(sub ? { sub } : {}) }];
  });
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function pick(value: unknown, sub: string | undefined): unknown {
  if (!sub) return value;
  if (Array.isArray(value)) return value.map((el) => (isObject(el) ? { [keyOf(el, sub)]: el[keyOf(el, sub)] } : el));
  if (isObject(value)) return { [keyOf(value, sub)]: value[keyOf(value, sub)] };
  return undefined;
}

function include(out: Json, doc: Json, s: Selector): void {
  const from = s.ext ? doc[keyOf(doc, s.ext)] : doc;
  if (!isObject(from)) return;
  const key = keyOf(from, s.attr);
  if (!(key in from)) return;
  const value = pick(from[key], s.sub);
  if (value === undefined) return;
  if (s.ext && !isObject(out[keyOf(doc, s.ext)])) out[keyOf(doc, s.ext)] = {};
  const into = s.ext ? (out[keyOf(doc, s.ext)] as Json) : out;
  const existing = into[key];
  if (s.sub && isObject(existing) && isObject(value)) Object.assign(existing, value);
  else if (s.sub && Array.isArray(existing) && Array.isArray(value)) {
    into[key] = existing.map((el, i) => ({ ...(el as Json), ...(value[i] as Json) }));
  } else into[key] = value;
}

function exclude(doc: Json, s: Selector): void {
  const from = s.ext ? doc[keyOf(doc, s.ext)] : doc;
  if (!isObject(from)) return;
  const key = keyOf(from, s.attr);
  if (!s.ext && ALWAYS.has(key.toLowerCase())) return;
  if (!s.sub) {
    delete from[key];
    return;
  }
  const v = from[key];
  for (const el of Array.isArray(v) ? v : [v]) if (isObject(el)) delete el[keyOf(el, s.sub)];
}

export interface Projection {
  attributes: Selector[];
  excluded: Selector[];
}

export function readProjection(query: Record<string, unknown>, coreUrn: string, extUrns: string[]): Projection {
  const q = (name: string) => {
    const v = query[keyOf(query, name)];
    return Array.isArray(v) ? v.join(',') : v;
  };
  return { attributes: parseList(q('attributes'), coreUrn, extUrns), excluded: parseList(q('excludedAttributes'), coreUrn, extUrns) };
}

/** Whether an attribute is left out (e.g. `excludedAttributes=members` lets the store skip loading members). */
export function isExcluded(p: Projection, attr: string): boolean {
  const a = attr.toLowerCase();
  if (p.attributes.length > 0) return !p.attributes.some((s) => !s.ext && s.attr.toLowerCase() === a);
  return p.excluded.some((s) => !s.ext && !s.sub && s.attr.toLowerCase() === a);
}

export function project(doc: Json, p: Projection): Json {
  if (p.attributes.length > 0) {
    const out: Json = {};
    for (const k of Object.keys(doc)) if (ALWAYS.has(k.toLowerCase())) out[k] = doc[k];
    for (const s of p.attributes) include(out, doc, s);
    return out;
  }
  if (p.excluded.length === 0) return doc;
  const copy = structuredClone(doc);
  for (const s of p.excluded) exclude(copy, s);
  return copy;
}
