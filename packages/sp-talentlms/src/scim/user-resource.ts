// SCIM User ⇄ LMS user (RFC 7643 §4.1 + the TalentLMS extension). Reading validates a whole resource
// (POST, PUT, and the result of a PATCH); unknown attributes are ignored, read-only ones never written.
// An absent, null or empty string attribute is unassigned: stored as '', never returned.

import { isSuperAdminUserType, refusedIdentityCharacter } from '@samlbridge/protocol';
import { isTimeZone } from '../lms/account.js';
import type { LmsUser, UserFields } from '../store/types.js';
import { ACCOUNT_DEFAULTS } from '../store/types.js';
import { scimBad } from './errors.js';
import type { Json } from './patch.js';
import { keyOf } from './patch-path.js';
import { SCHEMA } from './schemas.js';

export interface UserInput {
  fields: Omit<UserFields, 'passwordHash'>;
  /** A new local password (writeOnly), or undefined to keep the current one. */
  password?: string;
}

export function userLocation(base: string, id: number): string {
  return `${base}/Users/${id}`;
}

/**
 * The stored user's SCIM attributes that have a value. The store keeps an unassigned string as '' (so filters
 * and unique keys stay simple); SCIM leaves it out (RFC 7643 §2.5), as it does an empty `name` or `emails`.
 */
function assigned(u: LmsUser): Json {
  const name: Json = {};
  if (u.formattedName) name.formatted = u.formattedName;
  if (u.firstName) name.givenName = u.firstName;
  if (u.lastName) name.familyName = u.lastName;
  return {
    ...(u.externalId !== null ? { externalId: u.externalId } : {}),
    userName: u.login,
    ...(Object.keys(name).length ? { name } : {}),
    ...(u.displayName ? { displayName: u.displayName } : {}),
    ...(u.email ? { emails: [{ value: u.email, type: 'work', primary: true }] } : {}),
    active: u.active,
  };
}

/** The full SCIM representation (password never returned, RFC 7643 §4.1.1; unassigned attributes left out). */
export function toScimUser(u: LmsUser, base: string, accountTimezone: string): Json {
  return {
    schemas: [SCHEMA.user, SCHEMA.talentlms],
    id: String(u.id),
    ...assigned(u),
    [SCHEMA.talentlms]: {
      timezone: u.timezone ?? accountTimezone,
      userType: u.userType ?? (u.role === 'superadmin' ? 'SuperAdmin' : ACCOUNT_DEFAULTS.userType),
    },
    meta: {
      resourceType: 'User',
      created: u.createdAt.toISOString(),
      lastModified: u.updatedAt.toISOString(),
      location: userLocation(base, u.id),
    },
  };
}

/** The writable part of a stored user, as PATCH starts from it (extension values only when set on the user). */
export function patchableUser(u: LmsUser): Json {
  return {
    schemas: [SCHEMA.user, SCHEMA.talentlms],
    id: String(u.id),
    ...assigned(u),
    [SCHEMA.talentlms]: {
      ...(u.timezone !== null ? { timezone: u.timezone } : {}),
      ...(u.userType !== null ? { userType: u.userType } : {}),
    },
  };
}

const get = (o: Json, name: string) => o[keyOf(o, name)];
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

function text(v: unknown, attr: string, max = 255): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw scimBad('invalidValue', `"${attr}" must be a string`);
  const t = v.trim();
  if (t.length > max) throw scimBad('invalidValue', `"${attr}" must be at most ${max} characters`);
  if (CONTROL.test(t)) throw scimBad('invalidValue', `"${attr}" must not contain control characters`);
  return t;
}

/** Identities with zero-width or direction-changing characters are refused (SECURITY.md, "One spelling per identity"). */
function refuseInvisible(value: string, attr: string): void {
  const found = refusedIdentityCharacter(value);
  if (found) throw scimBad('invalidValue', `"${attr}" must not contain ${found}: such characters make two different names look the same`);
}

/** Booleans, and Entra ID's "True"/"False" strings. */
export function bool(v: unknown, attr: string): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
  throw scimBad('invalidValue', `"${attr}" must be true or false`);
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** One email per LMS user: the primary one, else the work one, else the first. */
function pickEmail(v: unknown): string {
  if (v === undefined || v === null) return '';
  const list = Array.isArray(v) ? v : [v];
  const items = list.map((e, i) => {
    if (!isObject(e)) throw scimBad('invalidValue', `emails[${i}] must be an object with a "value"`);
    const primary = get(e, 'primary');
    return {
      value: text(get(e, 'value'), 'emails.value', 254),
      type: text(get(e, 'type'), 'emails.type', 32).toLowerCase(),
      primary: primary !== undefined && primary !== null && bool(primary, 'emails.primary'),
    };
  });
  const chosen = items.find((e) => e.primary) ?? items.find((e) => e.type === 'work') ?? items[0];
  const value = chosen?.value ?? '';
  refuseInvisible(value, 'emails.value');
  if (value !== '' && !EMAIL.test(value)) throw scimBad('invalidValue', `"${value}" is not an email address`);
  return value;
}

export function requireSchema(body: Json, schema: string): void {
  const schemas = get(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === schema.toLowerCase())) {
    throw scimBad('invalidValue', `"schemas" must include "${schema}"`);
  }
}

/**
 * Reads a whole User (POST/PUT body, or a patched copy). `current` is the stored user for PUT/PATCH:
 * `active` absent keeps its value (a PUT never silently re-activates).
 */
export function readScimUser(body: unknown, current?: LmsUser): UserInput {
  if (!isObject(body)) throw scimBad('invalidSyntax', 'Send a SCIM User JSON object');
  requireSchema(body, SCHEMA.user);
  const userName = text(get(body, 'userName'), 'userName', 100);
  if (userName === '') throw scimBad('invalidValue', '"userName" is required');
  refuseInvisible(userName, 'userName');
  const name = get(body, 'name');
  if (name !== undefined && name !== null && !isObject(name)) throw scimBad('invalidValue', '"name" must be an object');
  const n = (isObject(name) ? name : {}) as Json;
  const ext = get(body, SCHEMA.talentlms);
  if (ext !== undefined && ext !== null && !isObject(ext)) throw scimBad('invalidValue', `"${SCHEMA.talentlms}" must be an object`);
  const e = (isObject(ext) ? ext : {}) as Json;
  const timezone = text(get(e, 'timezone'), 'timezone', 64) || null;
  if (timezone !== null && !isTimeZone(timezone)) throw scimBad('invalidValue', `"${timezone}" is not an IANA time zone`);
  const userType = text(get(e, 'userType'), 'userType', 100) || null;
  if (isSuperAdminUserType(userType) && current?.role !== 'superadmin') {
    throw scimBad('invalidValue', 'SCIM cannot make a user a SuperAdmin');
  }
  const activeRaw = get(body, 'active');
  const externalId = get(body, 'externalId');
  const password = get(body, 'password');
  if (password !== undefined && password !== null && (typeof password !== 'string' || password.length === 0 || password.length > 256)) {
    throw scimBad('invalidValue', '"password" must be a non-empty string of at most 256 characters');
  }
  return {
    fields: {
      login: userName,
      email: pickEmail(get(body, 'emails')),
      firstName: text(get(n, 'givenName'), 'name.givenName'),
      lastName: text(get(n, 'familyName'), 'name.familyName'),
      formattedName: text(get(n, 'formatted'), 'name.formatted'),
      displayName: text(get(body, 'displayName'), 'displayName'),
      externalId: externalId === undefined || externalId === null ? null : text(externalId, 'externalId') || null,
      active: activeRaw === undefined || activeRaw === null ? (current?.active ?? true) : bool(activeRaw, 'active'),
      timezone,
      userType,
    },
    ...(typeof password === 'string' ? { password } : {}),
  };
}
