// SCIM Group ⇄ TalentLMS group (RFC 7643 §4.2): displayName, externalId, members (users only).
import type { GroupChange, LmsGroup } from '../store/types.js';
import { scimBad } from './errors.js';
import type { Json, PatchOperation } from './patch.js';
import { keyOf } from './patch-path.js';
import { SCHEMA } from './schemas.js';
import { requireSchema } from './user-resource.js';

export interface GroupInput {
  displayName: string;
  externalId: string | null;
  memberIds: number[];
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function toScimGroup(g: LmsGroup, base: string): Json {
  return {
    schemas: [SCHEMA.group],
    id: String(g.id),
    ...(g.externalId !== null ? { externalId: g.externalId } : {}),
    displayName: g.displayName,
    ...(g.members
      ? { members: g.members.map((m) => ({ value: String(m.id), display: m.login, type: 'User', $ref: `${base}/Users/${m.id}` })) }
      : {}),
    meta: {
      resourceType: 'Group',
      created: g.createdAt.toISOString(),
      lastModified: g.updatedAt.toISOString(),
      location: `${base}/Groups/${g.id}`,
    },
  };
}

/** A member reference's user ID; anything else is 400 invalidValue. */
export function memberId(v: unknown): number {
  const raw = isObject(v) ? v[keyOf(v, 'value')] : v;
  const s = typeof raw === 'number' ? String(raw) : raw;
  if (typeof s !== 'string' || !/^[1-9]\d{0,15}$/.test(s.trim())) {
    throw scimBad('invalidValue', `Member "${String(s).slice(0, 64)}" is not the id of a user of this account`);
  }
  return Number(s.trim());
}

function memberList(v: unknown): number[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw scimBad('invalidValue', '"members" must be a list');
  return [...new Set(v.map(memberId))];
}

export function readScimGroup(body: unknown): GroupInput {
  if (!isObject(body)) throw scimBad('invalidSyntax', 'Send a SCIM Group JSON object');
  requireSchema(body, SCHEMA.group);
  const name = body[keyOf(body, 'displayName')];
  if (typeof name !== 'string' || name.trim() === '' || name.trim().length > 100) {
    throw scimBad('invalidValue', '"displayName" is required (at most 100 characters)');
  }
  const ext = body[keyOf(body, 'externalId')];
  if (ext !== undefined && ext !== null && typeof ext !== 'string') throw scimBad('invalidValue', '"externalId" must be a string');
  return {
    displayName: name.trim(),
    externalId: typeof ext === 'string' && ext.trim() ? ext.trim() : null,
    memberIds: memberList(body[keyOf(body, 'members')]),
  };
}

/** The writable part of a group, as the generic PATCH engine starts from it. */
export function patchableGroup(g: LmsGroup): Json {
  return {
    schemas: [SCHEMA.group],
    id: String(g.id),
    ...(g.externalId !== null ? { externalId: g.externalId } : {}),
    displayName: g.displayName,
    members: (g.members ?? []).map((m) => ({ value: String(m.id) })),
  };
}

/** Old vs patched members → one delta for the store. */
export function groupChange(before: LmsGroup, after: GroupInput): GroupChange {
  const old = new Set((before.members ?? []).map((m) => m.id));
  const next = new Set(after.memberIds);
  return {
    displayName: after.displayName,
    externalId: after.externalId,
    addMembers: [...next].filter((id) => !old.has(id)),
    removeMembers: [...old].filter((id) => !next.has(id)),
  };
}

const MEMBER_FILTER = /^members\[\s*value\s+eq\s+"([^"\\]*)"\s*\]$/i;

/**
 * Member-only PATCHes straight to a delta, without loading a (possibly huge) member list:
 * Okta/Entra `add members [..]`, Entra `remove members [..]`, JumpCloud `remove members[value eq "id"]`.
 * Undefined when the request does anything else (the generic engine handles it).
 */
export function memberOnlyChange(ops: PatchOperation[]): GroupChange | undefined {
  const change: { addMembers: number[]; removeMembers: number[] } = { addMembers: [], removeMembers: [] };
  for (const op of ops) {
    const path = op.path?.trim() ?? '';
    if (op.op === 'add' && path.toLowerCase() === 'members') {
      change.addMembers.push(...(Array.isArray(op.value) ? op.value : [op.value]).map(memberId));
    } else if (op.op === 'remove' && path.toLowerCase() === 'members' && op.value !== undefined) {
      change.removeMembers.push(...(Array.isArray(op.value) ? op.value : [op.value]).map(memberId));
    } else if (op.op === 'remove' && MEMBER_FILTER.test(path)) {
      change.removeMembers.push(memberId((MEMBER_FILTER.exec(path) as RegExpExecArray)[1]));
    } else return undefined;
  }
  // Ops apply in order: an id both added then removed (or the reverse) takes the generic path to keep order semantics.
  const added = new Set(change.addMembers);
  if (change.removeMembers.some((id) => added.has(id))) return undefined;
  return change;
}
