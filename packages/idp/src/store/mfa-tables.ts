// The MFA tables (ARCHITECTURE.md §5): second factors, recovery codes, the policy rules and settings.
import type { DbBoolean, DbJsonOrNull, DbTimestamp, DbTimestampOrNull } from '@samlbridge/web';
import type { MfaFactorKind, MfaOwner, MfaRuleScope } from './mfa-types.js';

export interface MfaFactorsTable {
  id: string;
  /** `user:<id>` or `admin:<id>`. */
  owner: MfaOwner;
  kind: MfaFactorKind;
  name: string;
  /** TOTP: the seed sealed with the IdP secret key (SecretBox). Null for kinds without a shared secret. */
  secret_sealed: string | null;
  /** Kind-specific public data (a WebAuthn credential's public key and counter); never a secret. */
  data: DbJsonOrNull<Record<string, unknown>>;
  /** TOTP: the last accepted time step (RFC 6238 §5.2: each step is accepted once). */
  last_used_step: number | null;
  confirmed_at: DbTimestampOrNull;
  last_used_at: DbTimestampOrNull;
  created_at: DbTimestamp;
}

export interface MfaTables {
  mfa_factors: MfaFactorsTable;
  mfa_recovery_codes: { owner: MfaOwner; code_hash: string; used_at: DbTimestampOrNull; created_at: DbTimestamp };
  mfa_rules: { scope: MfaRuleScope; subject_id: string; created_at: DbTimestamp };
  mfa_settings: { id: number; grace_seconds: number; require_for_admins: DbBoolean; updated_at: DbTimestamp };
  mfa_enrolment_deadlines: { owner: MfaOwner; deadline: DbTimestamp };
}
