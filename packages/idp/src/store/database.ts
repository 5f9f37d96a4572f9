// The IdP's tables as Kysely sees them, on both engines (ARCHITECTURE.md §5): timestamps, booleans and JSON are
// stored per engine (see web's column types) and converted by the dialect helpers in dialect.ts.
import type { DbBoolean, DbBooleanOrNull, DbJson, DbJsonOrNull, DbTimestamp, DbTimestampOrNull, WebTables } from '@samlbridge/web';
import type { Generated } from 'kysely';
import type { Application, AttributeMapping, IdpEvent, LoginFlow } from '../domain.js';
import type { MfaTables } from './mfa-tables.js';
import type { PasskeyTables } from './passkey-tables.js';
import type { ProvisioningPausesTable } from './provisioning-pauses.js';
import type { LinkKind, LinkState, OutboxAction, OutboxStatus } from './provisioning-types.js';
import type { SloSoapEndpointsTable } from './slo-soap-endpoints.js';
import type { SsoTraceRequest, SsoTraceResponse, SsoTraceStep } from './sso-traces.js';

export interface UsersTable {
  id: string;
  username: string;
  /** The old key (NFC + lower-case), still unique. */
  username_key: string;
  username_precis_key: string | null;
  username_conflict: string | null;
  email: string;
  email_key: string;
  email_precis_key: string | null;
  email_conflict: string | null;
  first_name: string;
  last_name: string;
  password_hash: string | null;
  status: 'active' | 'suspended';
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface UserGroupsTable {
  id: string;
  name: string;
  name_key: string;
  description: string;
  created_at: DbTimestamp;
}

export interface ApplicationsTable {
  id: string;
  kind: Application['kind'];
  catalog_id: string;
  name: string;
  display_label: string;
  description: string;
  idp_entity_id: string | null;
  sp_entity_id: string;
  acs_urls: DbJson<string[]>;
  default_relay_state: string;
  name_id_source: Application['nameIdSource'];
  name_id_format: string;
  signing: Application['signing'];
  signature_algorithm: Application['signatureAlgorithm'];
  /** The list of mappings, or (schema 1) the object `{username: "Username", …}` of attribute names. */
  attributes: DbJson<AttributeMapping[] | Record<string, string>>;
  group_attribute: string | null;
  bookmark_url: string | null;
  image: string | null;
  show_in_console: DbBoolean;
  sso_active: DbBoolean;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface EventsTable {
  id: string;
  time: DbTimestamp;
  type: IdpEvent['type'];
  initiator: string;
  user_id: string | null;
  username: string | null;
  resource: string | null;
  application: string | null;
  success: DbBoolean;
  reason: string | null;
  detail: DbJson<Record<string, unknown>>;
}

/** Per-login SAML traces (sso-traces.ts). */
export interface SsoTracesTable {
  id: string;
  at: DbTimestamp;
  application: string | null;
  initiated_by: 'idp' | 'sp';
  user_name: string | null;
  login_flow_id: string | null;
  outcome: 'success' | 'failure' | 'pending';
  reason: string | null;
  request: DbJson<SsoTraceRequest>;
  steps: DbJson<SsoTraceStep[]>;
  response: DbJsonOrNull<SsoTraceResponse>;
}

/** Single-use set-password links (invitations.ts): one per user, only the token's SHA-256 kept. */
export interface InvitationsTable {
  user_id: string;
  token_hash: string;
  created_at: DbTimestamp;
  expires_at: DbTimestamp;
  created_by: string;
}

export interface OutboxTable {
  seq: Generated<number>;
  application_id: string;
  subject: string;
  action: OutboxAction;
  payload: DbJson<Record<string, unknown>>;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: DbTimestamp;
  lease_owner: string | null;
  lease_until: DbTimestampOrNull;
  last_error: string | null;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface ProvisioningLinksTable {
  application_id: string;
  kind: LinkKind;
  local_id: string;
  remote_id: string | null;
  remote_name: string;
  state: LinkState;
  remote_members: DbJson<string[]>;
  last_action: string | null;
  last_success: DbBooleanOrNull;
  last_status: number | null;
  last_error: string | null;
  last_attempt_at: DbTimestampOrNull;
}

export interface IdmIntegrationsTable {
  application_id: string;
  base_url: string;
  token_ciphertext: string;
  active: DbBoolean;
  delete_on_idp_delete: DbBoolean;
  import_schedule: 'manual' | 'hourly';
  last_import_at: DbTimestampOrNull;
  verified_at: DbTimestampOrNull;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

/** The IdP's signing keys (store/signing-keys.ts); timestamps as ISO-8601 text on both engines. */
export interface SigningKeysTable {
  id: string;
  state: 'next' | 'active' | 'previous' | 'retired';
  slot: 'active' | 'standby' | null;
  certificate_pem: string;
  private_key_sealed: string | null;
  sha256: string;
  not_after: string;
  created_at: string;
  activated_at: string | null;
  retired_at: string | null;
}

/** Single Logout (store/single-logout.ts). */
export interface SingleLogoutTables {
  session_participants: {
    session_index: string;
    application_id: string;
    user_id: string;
    name_id: string;
    name_id_format: string | null;
    name_qualifier: string | null;
    sp_name_qualifier: string | null;
    created_at: DbTimestamp;
    expires_at: DbTimestamp;
  };
  ended_sessions: { session_index: string; user_id: string; ended_at: DbTimestamp; expires_at: DbTimestamp };
  user_session_cutoffs: { user_id: string; ended_before: DbTimestamp };
  application_single_logout: {
    application_id: string;
    slo_url: string;
    slo_response_url: string;
    binding: string;
    updated_at: DbTimestamp;
  };
  logout_flows: {
    id: string;
    user_id: string;
    session_index: string;
    /** JSON text (participants and initiator), read and written by store/single-logout.ts only. */
    state: string;
    current_request_id: string | null;
    created_at: DbTimestamp;
    expires_at: DbTimestamp;
  };
}

/** saml-core §8.3.7 persistent identifiers: one opaque value per user and application, never reused. */
export interface PersistentNameIdsTable {
  application_id: string;
  user_id: string;
  value: string;
  created_at: DbTimestamp;
}

/** Per-application NameID formats and IdP-initiated RelayState targets (null/[]: the defaults). */
export interface ApplicationSsoOptionsTable {
  application_id: string;
  allowed_name_id_formats: DbJsonOrNull<string[]>;
  allowed_relay_states: DbJson<string[]>;
  updated_at: DbTimestamp;
}

export interface Database extends WebTables, SingleLogoutTables, MfaTables, PasskeyTables {
  users: UsersTable;
  user_groups: UserGroupsTable;
  group_members: { group_id: string; user_id: string };
  applications: ApplicationsTable;
  group_bindings: { group_id: string; application_id: string };
  login_flows: {
    id: string;
    application_id: string;
    request: DbJsonOrNull<NonNullable<LoginFlow['request']>>;
    relay_state: string | null;
    created_at: DbTimestamp;
    expires_at: DbTimestamp;
  };
  authn_request_ids: { application_id: string; request_key: string; expires_at: DbTimestamp };
  events: EventsTable;
  sso_traces: SsoTracesTable;
  invitations: InvitationsTable;
  admins: { id: string; email: string; email_key: string; password_hash: string; created_at: DbTimestamp };
  api_keys: { id: string; name: string; key_hash: string; created_at: DbTimestamp };
  application_request_signing: {
    application_id: string;
    require_signed_requests: DbBoolean;
    sp_certificate_pem: string;
    allow_sha1: DbBoolean;
    updated_at: DbTimestamp;
  };
  pending_passwords: { user_id: string; sealed: string; expires_at: DbTimestamp };
  /** "Encrypt assertion" per application (store/assertion-encryption.ts). */
  application_assertion_encryption: { application_id: string; settings: string };
  idm_integrations: IdmIntegrationsTable;
  provisioning_outbox: OutboxTable;
  provisioning_pauses: ProvisioningPausesTable;
  application_slo_soap: SloSoapEndpointsTable;
  provisioning_links: ProvisioningLinksTable;
  signing_keys: SigningKeysTable;
  persistent_name_ids: PersistentNameIdsTable;
  application_sso_options: ApplicationSsoOptionsTable;
  portal_notifications: {
    id: string;
    time: DbTimestamp;
    application_id: string | null;
    kind: string;
    message: string;
    read: DbBoolean;
  };
}
