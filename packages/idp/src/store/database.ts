// The IdP's tables as Kysely sees them, on both engines (ARCHITECTURE.md §5): timestamps, booleans and JSON are
// stored per engine (see web's column types). A table with a repository on web's `table()` is declared once, by
// its column map in that repository (`RowOf`); the others are written here.
import type { DbTimestamp, DbTimestampOrNull, WebTables } from '@samlbridge/web';
import type { ApplicationsTable } from './applications.js';
import type { AssertionEncryptionTable } from './assertion-encryption.js';
import type { ConfigVersionTable } from './config-version.js';
import type { EventsTable } from './events.js';
import type { UserGroupsTable } from './groups.js';
import type { InvitationsTable } from './invitations.js';
import type { MfaFactorsTable, MfaSettingsTable } from './mfa.js';
import type { MfaOwner, MfaRuleScope } from './mfa-types.js';
import type { OutboxTable } from './outbox.js';
import type { PasskeyChallengesTable, PasskeySettingsTable } from './passkeys.js';
import type { ProvisioningPausesTable } from './provisioning-pauses.js';
import type { IdmIntegrationsTable, PortalNotificationsTable, ProvisioningLinksTable } from './provisioning-repositories.js';
import type { SigningKeysTable } from './signing-keys.js';
import type { ApplicationSingleLogoutTable, LogoutFlowsTable, SessionParticipantsTable } from './single-logout.js';
import type { SloSoapEndpointsTable } from './slo-soap-endpoints.js';
import type { AdminsTable, ApiKeysTable, LoginFlowsTable, PendingPasswordsTable, RequestSigningTable } from './small-repositories.js';
import type { ApplicationSsoOptionsTable } from './sso-options.js';
import type { SsoTracesTable } from './sso-traces.js';
import type { UsersTable } from './users.js';

export interface Database extends WebTables {
  users: UsersTable;
  user_groups: UserGroupsTable;
  group_members: { group_id: string; user_id: string };
  applications: ApplicationsTable;
  group_bindings: { group_id: string; application_id: string };
  login_flows: LoginFlowsTable;
  authn_request_ids: { application_id: string; request_key: string; expires_at: DbTimestamp };
  events: EventsTable;
  sso_traces: SsoTracesTable;
  invitations: InvitationsTable;
  admins: AdminsTable;
  api_keys: ApiKeysTable;
  application_request_signing: RequestSigningTable;
  pending_passwords: PendingPasswordsTable;
  application_assertion_encryption: AssertionEncryptionTable;
  idm_integrations: IdmIntegrationsTable;
  provisioning_outbox: OutboxTable;
  provisioning_pauses: ProvisioningPausesTable;
  application_slo_soap: SloSoapEndpointsTable;
  provisioning_links: ProvisioningLinksTable;
  signing_keys: SigningKeysTable;
  config_version: ConfigVersionTable;
  /** saml-core §8.3.7 persistent identifiers: one opaque value per user and application, never reused. */
  persistent_name_ids: { application_id: string; user_id: string; value: string; created_at: DbTimestamp };
  application_sso_options: ApplicationSsoOptionsTable;
  portal_notifications: PortalNotificationsTable;
  // Single Logout (single-logout.ts): who took part in which IdP session, ended sessions, logout chains.
  session_participants: SessionParticipantsTable;
  ended_sessions: { session_index: string; user_id: string; ended_at: DbTimestamp; expires_at: DbTimestamp };
  user_session_cutoffs: { user_id: string; ended_before: DbTimestamp };
  application_single_logout: ApplicationSingleLogoutTable;
  logout_flows: LogoutFlowsTable;
  // MFA (mfa.ts): second factors, recovery codes, the policy rules and settings.
  mfa_factors: MfaFactorsTable;
  mfa_recovery_codes: { owner: MfaOwner; code_hash: string; used_at: DbTimestampOrNull; created_at: DbTimestamp };
  mfa_rules: { scope: MfaRuleScope; subject_id: string; created_at: DbTimestamp };
  mfa_settings: MfaSettingsTable;
  mfa_enrolment_deadlines: { owner: MfaOwner; deadline: DbTimestamp };
  // Passkeys (passkeys.ts): WebAuthn challenges (server-side, short-lived, single use) and the passkey setting; the
  // credentials themselves are `webauthn` rows of mfa_factors.
  passkey_challenges: PasskeyChallengesTable;
  passkey_settings: PasskeySettingsTable;
}
