// The SP's tables as Kysely sees them (ARCHITECTURE.md §5): one interface per table, the same on both engines.
// Timestamps, booleans and JSON are stored per engine (ISO-8601 text / INTEGER 0-1 / JSON text on SQLite,
// TIMESTAMPTZ / BOOLEAN / JSONB on PostgreSQL); repositories convert with the dialect's toDb / fromDb helpers.
import type { DbBoolean, DbJson, DbTimestamp, DbTimestampOrNull, WebTables } from '@samlbridge/web';
import type { Generated } from 'kysely';
import type { SsoSettings } from '../sso/settings.js';

export interface UsersTable {
  /** Numeric SCIM ID, never given again (SQLite: above user_id_floor; PostgreSQL: identity sequence). */
  id: Generated<number>;
  tenant: string;
  login: string;
  email: string;
  first_name: string;
  last_name: string;
  active: DbBoolean;
  role: string;
  created_via: string;
  password_hash: string | null;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
  last_login_at: DbTimestampOrNull;
  external_id: string | null;
  display_name: Generated<string>;
  formatted_name: Generated<string>;
  timezone: string | null;
  user_type: string | null;
  deleted_at: DbTimestampOrNull;
  /** usernameKey(login) of @samlbridge/protocol: unique per tenant among users not flagged. */
  login_key: string | null;
  /** emailKey(email): unique per tenant when non-empty, among users not flagged. */
  email_key: string | null;
  login_conflict: string | null;
  email_conflict: string | null;
}

export interface SsoSettingsTable {
  tenant: string;
  data: DbJson<SsoSettings>;
  /** 'none' | 'saml2': the one source of the integration type (the copy inside `data` is ignored). */
  integration_type: Generated<string>;
  updated_at: DbTimestamp;
}

export interface PendingRequestsTable {
  tenant: string;
  id: string;
  expires_at: DbTimestamp;
}

export interface ReplayCacheTable {
  tenant: string;
  assertion_id: string;
  expires_at: DbTimestamp;
}

export interface EventsTable {
  id: Generated<number>;
  tenant: string;
  type: string;
  time: DbTimestamp;
  success: DbBoolean;
  reason: string | null;
  user_login: string | null;
  detail: string | null;
}

/** An AuthnRequest this SP sent (store/sent-authn-requests.ts), kept for the sign-in trace. */
export interface SentAuthnRequestsTable {
  tenant: string;
  id: string;
  xml: string;
  expires_at: string;
}

/** One ACS sign-in, kept for the admin's sign-in log until expires_at (ISO-8601 text on both engines: sorts as time). */
export interface SignInTracesTable {
  id: string;
  tenant: string;
  at: string;
  expires_at: string;
  success: number;
  reason: string | null;
  user_login: string | null;
  acs_url: string;
  binding: string;
  in_response_to: string | null;
  /** JSON: the verifier's checks (ResponseCheck[]). */
  checks: string;
  /** The Response as received, decoded from base64; null when none was posted. */
  response_xml: string | null;
  /** JSON: which parts were signed, whether the assertion was encrypted (null when refused before). */
  signed: string | null;
}

export interface UserGroupsTable {
  id: Generated<number>;
  tenant: string;
  display_name: string;
  external_id: string | null;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface GroupMembersTable {
  group_id: number;
  user_id: number;
}

export interface AccountSettingsTable {
  tenant: string;
  timezone: string;
  scim_enabled: DbBoolean;
  scim_token_hash: string | null;
  updated_at: DbTimestamp;
}

export interface RateLimitsTable {
  key: string;
  window_start: DbTimestamp;
  hits: number;
}

/** SQLite only: the highest ID ever retired, so IDs are never given again (PostgreSQL uses identity sequences). */
export interface IdFloorTable {
  id: number;
}

/** Every table of the SP database; `sessions` and `login_throttle` are web's (WebTables). */
export interface Database extends WebTables {
  /** Single Logout: SessionIndexes the IdP has logged out (store/single-logout.ts). */
  ended_saml_sessions: { tenant: string; session_index: string; expires_at: string };
  users: UsersTable;
  sso_settings: SsoSettingsTable;
  pending_requests: PendingRequestsTable;
  replay_cache: ReplayCacheTable;
  events: EventsTable;
  sign_in_traces: SignInTracesTable;
  sent_authn_requests: SentAuthnRequestsTable;
  user_groups: UserGroupsTable;
  group_members: GroupMembersTable;
  account_settings: AccountSettingsTable;
  rate_limits: RateLimitsTable;
  user_id_floor: IdFloorTable;
  group_id_floor: IdFloorTable;
}
