// Compiles a resolved SCIM filter to a parameterised SQL condition (values only ever travel as `?` parameters).
// Portable SQL for SQLite and PostgreSQL: for caseExact=false (RFC 7643 §2.2) the stored identity key
// (userName, emails.value: usernameKey / emailKey of @samlbridge/protocol) compared with the key of the
// value, LOWER(x) = LOWER(?) for the other attributes,
// LIKE … ESCAPE '\' with escaped % and _, REPLACE() for case-exact "contains" (SQLite's LIKE ignores ASCII case).
import { emailKey, usernameKey } from '@samlbridge/protocol';
import type { FilterNode, GroupAttr, UserAttr } from './filter.js';

export interface ColumnDef {
  /** SQL expression that never yields NULL (absent = ''). */
  sql: string;
  type: 'string' | 'boolean' | 'dateTime';
  caseExact: boolean;
  /** For multi-valued attributes kept in another table: wraps the condition in EXISTS (…). */
  exists?: (condition: string) => string;
  /** Parameters the `sql` expression itself needs (placed before the condition's own). */
  params?: unknown[];
  /**
   * caseExact=false attributes with a stored identity key: the key column, and the function that
   * computes it (applied to the filter value; `sw`/`co`/`ew` then match on keys).
   */
  key?: { sql: string; of: (value: string) => string };
}

export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/** Columns of `users u`; `defaults` are the account time zone and default user type (COALESCE'd). */
export function userColumns(defaults: { timezone: string; userType: string }): Record<UserAttr, ColumnDef> {
  const keyed = (sql: string, key: string, of: (value: string) => string): ColumnDef => ({
    sql,
    type: 'string',
    caseExact: false,
    key: { sql: key, of },
  });
  const s = (sql: string, caseExact = false, params?: unknown[]): ColumnDef => ({
    sql,
    type: 'string',
    caseExact,
    ...(params ? { params } : {}),
  });
  return {
    id: s('CAST(u.id AS TEXT)', true),
    externalId: s("COALESCE(u.external_id, '')", true),
    userName: keyed('u.login', 'u.login_key', usernameKey),
    displayName: s('u.display_name'),
    'name.formatted': s('u.formatted_name'),
    'name.givenName': s('u.first_name'),
    'name.familyName': s('u.last_name'),
    'emails.value': keyed('u.email', 'u.email_key', emailKey),
    'emails.type': s("CASE WHEN u.email <> '' THEN 'work' ELSE '' END"),
    'emails.primary': { sql: "CASE WHEN u.email <> '' THEN 1 ELSE 0 END", type: 'boolean', caseExact: true },
    active: { sql: 'u.active', type: 'boolean', caseExact: true },
    userType: s(`COALESCE(u.user_type, CASE WHEN u.role = 'superadmin' THEN 'SuperAdmin' ELSE ? END)`, false, [defaults.userType]),
    timezone: s('COALESCE(u.timezone, ?)', false, [defaults.timezone]),
    'meta.created': { sql: 'u.created_at', type: 'dateTime', caseExact: true },
    'meta.lastModified': { sql: 'u.updated_at', type: 'dateTime', caseExact: true },
    'meta.resourceType': s("'User'"),
  };
}

const memberExists = (cond: string) =>
  `EXISTS (SELECT 1 FROM group_members gm JOIN users mu ON mu.id = gm.user_id AND mu.deleted_at IS NULL WHERE gm.group_id = g.id AND ${cond})`;

/** Columns of `groups g` (members through group_members, trashed users excluded). */
export const GROUP_COLUMNS: Record<GroupAttr, ColumnDef> = {
  id: { sql: 'CAST(g.id AS TEXT)', type: 'string', caseExact: true },
  externalId: { sql: "COALESCE(g.external_id, '')", type: 'string', caseExact: true },
  displayName: { sql: 'g.display_name', type: 'string', caseExact: false },
  'members.value': { sql: 'CAST(gm.user_id AS TEXT)', type: 'string', caseExact: true, exists: memberExists },
  'members.display': {
    sql: 'mu.login',
    type: 'string',
    caseExact: false,
    exists: memberExists,
    key: { sql: 'mu.login_key', of: usernameKey },
  },
  'meta.created': { sql: 'g.created_at', type: 'dateTime', caseExact: true },
  'meta.lastModified': { sql: 'g.updated_at', type: 'dateTime', caseExact: true },
  'meta.resourceType': { sql: "'Group'", type: 'string', caseExact: false },
};

/** `%`, `_` and the escape character itself are literal in the pattern. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function compare(col: ColumnDef, op: string, value: string | boolean): SqlCondition {
  const p = [...(col.params ?? [])];
  if (col.type === 'boolean') {
    const v = value === true ? 1 : 0;
    return op === 'eq' ? { sql: `${col.sql} = ?`, params: [...p, v] } : { sql: `${col.sql} <> ?`, params: [...p, v] };
  }
  const ci = !col.caseExact && col.type === 'string';
  const key = ci ? col.key : undefined;
  const text = key ? key.of(String(value)) : String(value);
  const x = key ? key.sql : ci ? `LOWER(${col.sql})` : col.sql;
  const q = ci && !key ? 'LOWER(?)' : '?';
  const sqlOps: Record<string, string> = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' };
  if (op in sqlOps) return { sql: `${x} ${sqlOps[op]} ${q}`, params: [...p, text] };
  if (ci) {
    const pattern = op === 'co' ? `%${escapeLike(text)}%` : op === 'sw' ? `${escapeLike(text)}%` : `%${escapeLike(text)}`;
    return { sql: `${x} LIKE ${q} ESCAPE '\\'`, params: [...p, pattern] };
  }
  // Case-exact substring tests without LIKE (SQLite's LIKE is case-insensitive for ASCII).
  if (op === 'sw') return { sql: `SUBSTR(${x}, 1, ?) = ?`, params: [...p, text.length, text] };
  if (op === 'ew') {
    return {
      sql: `(LENGTH(${x}) >= ? AND SUBSTR(${x}, LENGTH(${x}) - ? + 1) = ?)`,
      params: [...p, text.length, ...p, ...p, text.length, text],
    };
  }
  return { sql: `(? = '' OR REPLACE(${x}, ?, '') <> ${x})`, params: [text, ...p, text, ...p] };
}

/** Compiles `node` against `columns`; nodes are typed already, so this cannot fail on user input. */
export function compileFilter<A extends string>(node: FilterNode<A>, columns: Record<A, ColumnDef>): SqlCondition {
  switch (node.kind) {
    case 'and':
    case 'or': {
      const parts = node.items.map((n) => compileFilter(n, columns));
      return {
        sql: `(${parts.map((c) => c.sql).join(node.kind === 'and' ? ' AND ' : ' OR ')})`,
        params: parts.flatMap((c) => c.params),
      };
    }
    case 'not': {
      const inner = compileFilter(node.item, columns);
      return { sql: `NOT (${inner.sql})`, params: inner.params };
    }
    case 'pr': {
      const col = columns[node.attr];
      const cond =
        col.type === 'boolean' || col.type === 'dateTime'
          ? { sql: `${col.sql} IS NOT NULL`, params: [...(col.params ?? [])] }
          : { sql: `${col.sql} <> ''`, params: [...(col.params ?? [])] };
      return col.exists ? { sql: col.exists(cond.sql), params: cond.params } : cond;
    }
    case 'cmp': {
      const col = columns[node.attr];
      const cond = compare(col, node.op, node.value);
      return col.exists ? { sql: col.exists(cond.sql), params: cond.params } : cond;
    }
  }
}
