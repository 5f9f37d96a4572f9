// The SP's tables as Kysely sees them (ARCHITECTURE.md §5): one type per table, the same on both engines.
// Timestamps, booleans and JSON are stored per engine (ISO-8601 text / INTEGER 0-1 / JSON text on SQLite,
// TIMESTAMPTZ / BOOLEAN / JSONB on PostgreSQL). A table with a repository on web's column maps is declared once,
// by that map (`RowOf`); the others are written here.
import type { DbTimestamp, WebTables } from '@samlbridge/web';
import type { AccountSettingsTable } from './account.js';
import type { EventsTable } from './events.js';
import type { UserGroupsTable } from './groups.js';
import type { SignInTracesTable } from './sign-in-traces.js';
import type { SsoSettingsTable } from './sso-state.js';
import type { UsersTable } from './users.js';

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

/** An AuthnRequest this SP sent (store/sent-authn-requests.ts), kept for the sign-in trace. */
export interface SentAuthnRequestsTable {
  tenant: string;
  id: string;
  xml: string;
  expires_at: string;
}

export interface GroupMembersTable {
  group_id: number;
  user_id: number;
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
