// The MFA records (ARCHITECTURE.md §5): factors of users and admins, policy rules, settings (repository: mfa.ts).

/** `webauthn`: a passkey (mfa/passkeys.ts); its rows carry public data (`data`) and no sealed secret. */
export type MfaFactorKind = 'totp' | 'webauthn';
export type MfaOwner = `user:${string}` | `admin:${string}`;
/** A rule requiring MFA of one user, the members of one group, or everyone signing in to one application. */
export type MfaRuleScope = 'user' | 'group' | 'application';

export interface MfaFactor {
  id: string;
  owner: MfaOwner;
  kind: MfaFactorKind;
  name: string;
  secretSealed: string | null;
  data: Record<string, unknown> | null;
  lastUsedStep: number | null;
  /** Null while the enrolment waits for its first valid code. */
  confirmedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
}

export interface MfaSettings {
  /** How long a person who must use MFA and has no factor may still skip enrolment (0: never). */
  graceSeconds: number;
  requireForAdmins: boolean;
}

export const DEFAULT_MFA_SETTINGS: MfaSettings = { graceSeconds: 0, requireForAdmins: false };
