// The article's "Attribute Mappings" table: directory user → SCIM User (RFC 7643 §4.1), and the
// PATCH operations for a change — one operation per changed attribute (RFC 7644 §3.5.2).

import { SCIM_SCHEMAS, type ScimPatchOp, type ScimUser } from '@samlbridge/protocol';
import type { User } from '../domain.js';

/**
 * The fields an outbox row carries about a user (never the password hash), each with its value for a
 * user the directory no longer has (only the link remembers its id and name).
 */
const SNAPSHOT_OF_GONE_USER = {
  id: '',
  username: '',
  email: '',
  firstName: '',
  lastName: '',
  status: 'suspended',
} as const satisfies Partial<User>;
export type UserSnapshot = Pick<User, keyof typeof SNAPSHOT_OF_GONE_USER>;
const SNAPSHOT_FIELDS = Object.keys(SNAPSHOT_OF_GONE_USER) as Array<keyof UserSnapshot>;

/** Mapped SCIM attributes, in the order PATCH operations are sent. */
export const MAPPED_ATTRIBUTES = [
  'userName',
  'name.formatted',
  'name.givenName',
  'name.familyName',
  'displayName',
  'emails',
  'active',
] as const;
export type MappedAttribute = (typeof MAPPED_ATTRIBUTES)[number];

export function snapshot(user: UserSnapshot): UserSnapshot {
  const copy: UserSnapshot = { ...SNAPSHOT_OF_GONE_USER };
  for (const field of SNAPSHOT_FIELDS) copyField(copy, user, field);
  return copy;
}

/** The snapshot of a user deleted from the directory, from what its link remembers. */
export function goneUserSnapshot(id: string, username: string): UserSnapshot {
  return { ...SNAPSHOT_OF_GONE_USER, id, username };
}

function copyField<K extends keyof UserSnapshot>(to: UserSnapshot, from: UserSnapshot, field: K): void {
  to[field] = from[field];
}

const fullName = (u: UserSnapshot) => `${u.firstName} ${u.lastName}`.trim();

/** Value of one mapped attribute (`emails`: the work address, primary). */
export function attributeValue(u: UserSnapshot, attribute: MappedAttribute): unknown {
  switch (attribute) {
    case 'userName':
      return u.username;
    case 'name.formatted':
      return fullName(u) || u.username;
    case 'name.givenName':
      return u.firstName;
    case 'name.familyName':
      return u.lastName;
    case 'displayName':
      return fullName(u) || u.username;
    case 'emails':
      return [{ value: u.email, type: 'work', primary: true }];
    case 'active':
      return u.status === 'active';
  }
}

/** The full resource for POST /Users. */
export function toScimUser(u: UserSnapshot, active = u.status === 'active'): Omit<ScimUser, 'id'> {
  return {
    schemas: [SCIM_SCHEMAS.user],
    externalId: u.id,
    userName: u.username,
    name: { formatted: fullName(u) || u.username, givenName: u.firstName, familyName: u.lastName },
    displayName: fullName(u) || u.username,
    emails: [{ value: u.email, type: 'work', primary: true }],
    active,
  };
}

/** Mapped attributes whose value differs between two versions of a user. */
export function changedAttributes(before: UserSnapshot, after: UserSnapshot): MappedAttribute[] {
  return MAPPED_ATTRIBUTES.filter((a) => JSON.stringify(attributeValue(before, a)) !== JSON.stringify(attributeValue(after, a)));
}

/** One `replace` per attribute (JumpCloud's dialect: one op per attribute, each with a path). */
export function patchOps(u: UserSnapshot, attributes: readonly MappedAttribute[], active?: boolean): ScimPatchOp[] {
  return attributes.map((path) => ({
    op: 'replace',
    path,
    value: path === 'active' && active !== undefined ? active : attributeValue(u, path),
  }));
}
