// What a PATCH may address (RFC 7644 §3.5.2): exactly the attributes /Schemas declares. Every operation is
// checked before any is applied, so an unknown path or sub-attribute refuses the whole request (400 invalidPath)
// instead of being silently dropped.
import type { Filter } from 'scim2-parse-filter';
import { scimBad } from './errors.js';
import { type PatchPath, parsePatchPath } from './patch-path.js';
import type { Attr } from './schemas.js';

export interface AttrShape {
  /** The name as declared (for messages). */
  name: string;
  multiValued: boolean;
  /** Lower-case sub-attribute name → declared name; undefined for a simple attribute. */
  subAttributes?: Map<string, string>;
  /** Removing it (or replacing it with null) is refused: required attributes (RFC 7644 §3.5.2.2) and `keepsValue` ones. */
  keepsValue: boolean;
}

/** Lower-case attribute name → shape. */
export type AttrShapes = Map<string, AttrShape>;

export interface PatchSchema {
  /** URNs stripped from paths (the resource's core schema). */
  coreUrns: string[];
  /** Core attributes, plus the common `externalId` (RFC 7643 §3.1). */
  core: AttrShapes;
  /** Declared extension URN → its attributes. */
  extensions: Record<string, AttrShapes>;
  /** Extensions accepted and ignored (a client's defaults the LMS has no place for). */
  ignoredExtensions: string[];
  /** Lower-case top-level attributes a client may not change (`id`, `meta`, …): 400 mutability. */
  readOnly: Set<string>;
}

export function shapesOf(attrs: Attr[]): AttrShapes {
  return new Map(
    attrs.map((a) => [
      a.name.toLowerCase(),
      {
        name: a.name,
        multiValued: a.multiValued === true,
        ...(a.subAttributes ? { subAttributes: new Map(a.subAttributes.map((s) => [s.name.toLowerCase(), s.name])) } : {}),
        keepsValue: a.required === true || a.keepsValue === true,
      },
    ]),
  );
}

/** Read-only top-level attributes: the common ones (RFC 7643 §3.1) and those declared `mutability: readOnly`. */
export function readOnlyOf(attrs: Attr[]): Set<string> {
  return new Set(['id', 'meta', 'schemas', ...attrs.filter((a) => a.mutability === 'readOnly').map((a) => a.name.toLowerCase())]);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const lower = (s: string) => s.toLowerCase();

/** Whether a path (or a path-less value's key) addresses an ignored extension. */
export function isIgnoredPath(path: string, schema: PatchSchema): boolean {
  const p = lower(path.trim());
  return schema.ignoredExtensions.some((urn) => p === lower(urn) || p.startsWith(`${lower(urn)}:`));
}

function known(schema: PatchSchema): string {
  return [...schema.core.values()].map((s) => s.name).join(', ');
}

/** The shape a parsed path addresses; 400 invalidPath when the schema has no such attribute. */
export function shapeAt(p: PatchPath, raw: string, schema: PatchSchema): AttrShape | undefined {
  const shapes = p.extension === undefined ? schema.core : extensionShapes(p.extension, schema);
  if (!shapes) {
    const declared = Object.keys(schema.extensions);
    throw scimBad(
      'invalidPath',
      `"${raw}": "${p.extension}" is not a schema of this resource${declared.length ? ` (its extension is ${declared.join(', ')})` : ''}`,
    );
  }
  if (p.attr === undefined) return undefined;
  const shape = shapes.get(lower(p.attr));
  if (!shape) {
    throw scimBad(
      'invalidPath',
      p.extension === undefined
        ? `"${raw}": "${p.attr}" is not an attribute of this resource (attributes: ${known(schema)})`
        : `"${raw}": "${p.attr}" is not an attribute of ${p.extension} (attributes: ${[...shapes.values()].map((s) => s.name).join(', ')})`,
    );
  }
  if (p.sub !== undefined && !shape.subAttributes?.has(lower(p.sub))) throw unknownSub(raw, shape, p.sub);
  if (p.filter) {
    if (!shape.multiValued) throw scimBad('invalidPath', `"${shape.name}" is not multi-valued: it cannot take a filter`);
    for (const attrPath of filterAttributes(p.filter)) {
      if (!shape.subAttributes?.has(lower(attrPath))) throw unknownSub(raw, shape, attrPath);
    }
  }
  return shape;
}

function extensionShapes(urn: string, schema: PatchSchema): AttrShapes | undefined {
  const key = Object.keys(schema.extensions).find((u) => lower(u) === lower(urn));
  return key === undefined ? undefined : schema.extensions[key];
}

function unknownSub(raw: string, shape: AttrShape, sub: string) {
  const subs = shape.subAttributes ? [...shape.subAttributes.values()].join(', ') : '';
  return scimBad(
    'invalidPath',
    subs
      ? `"${raw}": "${sub}" is not a sub-attribute of ${shape.name} (sub-attributes: ${subs})`
      : `"${raw}": ${shape.name} has no sub-attributes`,
  );
}

/** Attribute names a value filter compares (`type` in `emails[type eq "work"]`). */
function filterAttributes(f: Filter): string[] {
  const op = lower(String(f.op));
  if (op === 'and' || op === 'or') return (f as { filters: Filter[] }).filters.flatMap(filterAttributes);
  if (op === 'not') return filterAttributes((f as { filter: Filter }).filter);
  if (op === '[]') throw scimBad('invalidPath', 'Value paths cannot be nested in a path filter');
  return [String((f as { attrPath: string }).attrPath)];
}

/** The keys of a complex value (or of each element of a multi-valued one) must be declared sub-attributes. */
function checkValueKeys(raw: string, shape: AttrShape, value: unknown): void {
  if (!shape.subAttributes) return;
  const elements = shape.multiValued && Array.isArray(value) ? value : [value];
  for (const el of elements) {
    if (!isObject(el)) continue;
    for (const key of Object.keys(el)) if (!shape.subAttributes.has(lower(key))) throw unknownSub(raw, shape, key);
  }
}

/**
 * Checks one operation against the schema without applying it (RFC 7644 §3.5.2): the path names a declared
 * attribute, sub-attribute and filter attribute; value objects carry only declared sub-attributes; attributes
 * that must keep a value are not removed (RFC 7644 §3.5.2.2: 400 mutability).
 */
export function checkOperation(op: { op: string; path?: string; value?: unknown }, schema: PatchSchema): void {
  if (op.path === undefined) {
    if (!isObject(op.value)) return; // applying it reports the problem
    for (const [key, value] of Object.entries(op.value)) {
      if (lower(key) === 'schemas' || schema.readOnly.has(lower(key)) || isIgnoredPath(key, schema)) continue;
      checkOperation({ op: op.op, path: key, value }, schema);
    }
    return;
  }
  if (isIgnoredPath(op.path, schema)) return;
  const p = parsePatchPath(op.path, schema.coreUrns, Object.keys(schema.extensions));
  if (p.extension === undefined && p.attr !== undefined && schema.readOnly.has(lower(p.attr))) return; // applying it refuses
  const shape = shapeAt(p, op.path, schema);
  if (!shape) {
    // The path is an extension URN: its value's keys are that extension's attributes.
    const shapes = extensionShapes(p.extension as string, schema) as AttrShapes;
    if (isObject(op.value)) {
      for (const [key, value] of Object.entries(op.value)) {
        const inner = shapes.get(lower(key));
        if (!inner) throw scimBad('invalidPath', `"${key}" is not an attribute of ${p.extension}`);
        checkValueKeys(key, inner, value);
      }
    }
    return;
  }
  const unassigns = op.op === 'remove' || (op.op === 'replace' && op.value === null);
  if (shape.keepsValue && p.sub === undefined && !p.filter && unassigns) {
    throw scimBad(
      'mutability',
      `"${shape.name}" cannot be removed${shape.name === 'active' ? ': replace it with false to deactivate' : ''}`,
    );
  }
  if (p.sub === undefined && op.value !== undefined) checkValueKeys(op.path, shape, op.value);
}

/**
 * What a PATCH of one resource type may address: its core schema `urn` and attributes (plus the common `externalId`,
 * RFC 7643 §3.1), the read-only ones among them, its declared extensions and the extensions it ignores.
 */
export function patchSchemaOf(
  urn: string,
  attrs: Attr[],
  extensions: Record<string, AttrShapes> = {},
  ignoredExtensions: string[] = [],
): PatchSchema {
  return {
    coreUrns: [urn],
    core: shapesOf([...attrs, { name: 'externalId', type: 'string' }]),
    extensions,
    ignoredExtensions,
    readOnly: readOnlyOf(attrs),
  };
}
