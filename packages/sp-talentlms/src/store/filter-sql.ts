// Compiles a resolved SCIM filter to a Kysely SQL condition (values only ever travel as bound parameters).
// Portable SQL for SQLite and PostgreSQL: for caseExact=false (RFC 7643 §2.2) the stored identity key
// (userName, emails.value: usernameKey / emailKey of @samlbridge/protocol) compared with the key of the
// value, LOWER(x) = LOWER(?) for the other attributes,
// LIKE … ESCAPE '\' with escaped % and _, REPLACE() for case-exact "contains" (SQLite's LIKE ignores ASCII case).
import { emailKey, usernameKey } from '@samlbridge/protocol';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { FilterNode, GroupAttr, UserAttr } from './filter.js';

type Sql = RawBuilder<unknown>;
export type SqlCondition = RawBuilder<SqlBool>;

export interface ColumnDef {
  /** SQL expression that never yields NULL (absent = ''); may carry its own parameters. */
  sql: Sql;
  type: 'string' | 'boolean' | 'dateTime';
  caseExact: boolean;
  /** For multi-valued attributes kept in another table: wraps the condition in EXISTS (…). */
  exists?: (condition: SqlCondition) => SqlCondition;
  /**
   * caseExact=false attributes with a stored identity key: the key column, and the function that
   * computes it (applied to the filter value; `sw`/`co`/`ew` then match on keys).
   */
  key?: { sql: Sql; of: (value: string) => string };
  /**
   * The stored column of an attribute whose `sql` maps NULL to '': `eq` with a non-empty value compares the
   * column itself (the same rows), so the column's index serves the lookup (e.g. SCIM `externalId eq`).
   */
  column?: Sql;
}

const raw = (text: string): Sql => sql.raw(text);
/** A string attribute (caseExact=false unless said). */
const s = (expression: Sql, caseExact = false): ColumnDef => ({ sql: expression, type: 'string', caseExact });
/** A caseExact=false string attribute compared by its stored identity key. */
const keyed = (column: string, key: string, of: (value: string) => string): ColumnDef => ({
  ...s(raw(column)),
  key: { sql: raw(key), of },
});
const flag = (column: string): ColumnDef => ({ sql: raw(column), type: 'boolean', caseExact: true });
const dateTime = (column: string): ColumnDef => ({ sql: raw(column), type: 'dateTime', caseExact: true });

/** Columns of `users u`; `defaults` are the account time zone and default user type (COALESCE'd). */
export function userColumns(defaults: { timezone: string; userType: string }): Record<UserAttr, ColumnDef> {
  return {
    id: s(raw('CAST(u.id AS TEXT)'), true),
    externalId: { ...s(raw("COALESCE(u.external_id, '')"), true), column: raw('u.external_id') },
    userName: keyed('u.login', 'u.login_key', usernameKey),
    displayName: s(raw('u.display_name')),
    'name.formatted': s(raw('u.formatted_name')),
    'name.givenName': s(raw('u.first_name')),
    'name.familyName': s(raw('u.last_name')),
    'emails.value': keyed('u.email', 'u.email_key', emailKey),
    'emails.type': s(raw("CASE WHEN u.email <> '' THEN 'work' ELSE '' END")),
    'emails.primary': flag("CASE WHEN u.email <> '' THEN 1 ELSE 0 END"),
    active: flag('u.active'),
    userType: s(sql`COALESCE(u.user_type, CASE WHEN u.role = 'superadmin' THEN 'SuperAdmin' ELSE ${defaults.userType} END)`),
    timezone: s(sql`COALESCE(u.timezone, ${defaults.timezone})`),
    'meta.created': dateTime('u.created_at'),
    'meta.lastModified': dateTime('u.updated_at'),
    'meta.resourceType': s(raw("'User'")),
  };
}

const memberExists = (cond: SqlCondition): SqlCondition =>
  sql<SqlBool>`EXISTS (SELECT 1 FROM group_members gm JOIN users mu ON mu.id = gm.user_id AND mu.deleted_at IS NULL WHERE gm.group_id = g.id AND ${cond})`;

/** Columns of `user_groups g` (members through group_members, trashed users excluded). */
export const GROUP_COLUMNS: Record<GroupAttr, ColumnDef> = {
  id: s(raw('CAST(g.id AS TEXT)'), true),
  externalId: s(raw("COALESCE(g.external_id, '')"), true),
  displayName: s(raw('g.display_name')),
  'members.value': { ...s(raw('CAST(gm.user_id AS TEXT)'), true), exists: memberExists },
  'members.display': { ...keyed('mu.login', 'mu.login_key', usernameKey), exists: memberExists },
  'meta.created': dateTime('g.created_at'),
  'meta.lastModified': dateTime('g.updated_at'),
  'meta.resourceType': s(raw("'Group'")),
};

/** `%`, `_` and the escape character itself are literal in the pattern. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const SQL_OPS: Record<string, string> = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' };

function compare(col: ColumnDef, op: string, value: string | boolean): SqlCondition {
  if (col.type === 'boolean') {
    // Flags compare as 0 / 1 on both engines (PostgreSQL reads '1' / '0' as BOOLEAN input).
    return sql<SqlBool>`${col.sql} ${raw(op === 'eq' ? '=' : '<>')} ${value === true ? 1 : 0}`;
  }
  const ci = !col.caseExact && col.type === 'string';
  const key = ci ? col.key : undefined;
  const text = key ? key.of(String(value)) : String(value);
  const x = key ? key.sql : ci ? sql`LOWER(${col.sql})` : col.sql;
  const q = (v: string) => (ci && !key ? sql`LOWER(${v})` : sql`${v}`);
  const sqlOp = SQL_OPS[op];
  // NOT NULL first: under `not (…)` a NULL column still reads as '' (unequal), as through `sql`.
  if (op === 'eq' && col.column && text !== '') return sql<SqlBool>`(${col.column} IS NOT NULL AND ${col.column} = ${text})`;
  if (sqlOp) return sql<SqlBool>`${x} ${raw(sqlOp)} ${q(text)}`;
  if (ci) {
    const pattern = op === 'co' ? `%${escapeLike(text)}%` : op === 'sw' ? `${escapeLike(text)}%` : `%${escapeLike(text)}`;
    return sql<SqlBool>`${x} LIKE ${q(pattern)} ESCAPE '\\'`;
  }
  // Case-exact substring tests without LIKE (SQLite's LIKE is case-insensitive for ASCII).
  if (op === 'sw') return sql<SqlBool>`SUBSTR(${x}, 1, ${text.length}) = ${text}`;
  if (op === 'ew') return sql<SqlBool>`(LENGTH(${x}) >= ${text.length} AND SUBSTR(${x}, LENGTH(${x}) - ${text.length} + 1) = ${text})`;
  return sql<SqlBool>`(${text} = '' OR REPLACE(${x}, ${text}, '') <> ${x})`;
}

/** Compiles `node` against `columns`; nodes are typed already, so this cannot fail on user input. */
export function compileFilter<A extends string>(node: FilterNode<A>, columns: Record<A, ColumnDef>): SqlCondition {
  switch (node.kind) {
    case 'and':
    case 'or': {
      const parts = node.items.map((n) => compileFilter(n, columns));
      return sql<SqlBool>`(${sql.join(parts, raw(node.kind === 'and' ? ' AND ' : ' OR '))})`;
    }
    case 'not':
      return sql<SqlBool>`NOT (${compileFilter(node.item, columns)})`;
    case 'pr': {
      const col = columns[node.attr];
      const cond =
        col.type === 'boolean' || col.type === 'dateTime' ? sql<SqlBool>`${col.sql} IS NOT NULL` : sql<SqlBool>`${col.sql} <> ''`;
      return col.exists ? col.exists(cond) : cond;
    }
    case 'cmp': {
      const col = columns[node.attr];
      const cond = compare(col, node.op, node.value);
      return col.exists ? col.exists(cond) : cond;
    }
  }
}
