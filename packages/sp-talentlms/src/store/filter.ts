// A resolved, typed filter (RFC 7644 §3.4.2.2) the store compiles to SQL. The SCIM layer parses the
// client's text, resolves attribute names and types values; the store never sees raw filter text.

/** Filterable User attributes (core + TalentLMS extension), by canonical SCIM path. */
export type UserAttr =
  | 'id'
  | 'externalId'
  | 'userName'
  | 'displayName'
  | 'name.formatted'
  | 'name.givenName'
  | 'name.familyName'
  | 'emails.value'
  | 'emails.type'
  | 'emails.primary'
  | 'active'
  | 'userType'
  | 'timezone'
  | 'meta.created'
  | 'meta.lastModified'
  | 'meta.resourceType';

/** Filterable Group attributes. */
export type GroupAttr =
  | 'id'
  | 'externalId'
  | 'displayName'
  | 'members.value'
  | 'members.display'
  | 'meta.created'
  | 'meta.lastModified'
  | 'meta.resourceType';

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/**
 * Values are already typed for their attribute: strings for string attributes, booleans for booleans,
 * ISO-8601 instants (`Date#toISOString()`) for dateTime attributes.
 */
export type FilterNode<A extends string> =
  | { kind: 'and' | 'or'; items: FilterNode<A>[] }
  | { kind: 'not'; item: FilterNode<A> }
  | { kind: 'pr'; attr: A }
  | { kind: 'cmp'; attr: A; op: CompareOp; value: string | boolean };
