// The MFA tables (ARCHITECTURE.md §5): second factors (mfa.ts), recovery codes, the policy rules and settings.
import type { DbTimestamp, DbTimestampOrNull } from '@samlbridge/web';
import type { MfaFactorsTable, MfaSettingsTable } from './mfa.js';
import type { MfaOwner, MfaRuleScope } from './mfa-types.js';

export interface MfaTables {
  mfa_factors: MfaFactorsTable;
  mfa_recovery_codes: { owner: MfaOwner; code_hash: string; used_at: DbTimestampOrNull; created_at: DbTimestamp };
  mfa_rules: { scope: MfaRuleScope; subject_id: string; created_at: DbTimestamp };
  mfa_settings: MfaSettingsTable;
  mfa_enrolment_deadlines: { owner: MfaOwner; deadline: DbTimestamp };
}
