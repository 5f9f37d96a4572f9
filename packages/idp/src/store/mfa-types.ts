// The MFA store contract (ARCHITECTURE.md §5): factors of users and admins, recovery codes, policy rules, settings.

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

export interface MfaRepository {
  insertFactor(factor: MfaFactor): Promise<void>;
  getFactor(id: string): Promise<MfaFactor | undefined>;
  /** Confirmed and pending factors of one owner, oldest first. */
  listFactors(owner: MfaOwner): Promise<MfaFactor[]>;
  /**
   * Accepts time step `step` of a TOTP factor once, in ONE statement: true only when the factor's last used step is
   * lower (so two parallel posts of one code: exactly one true), and confirms a pending factor.
   */
  useStep(id: string, step: number, now: Date): Promise<boolean>;
  deleteFactor(owner: MfaOwner, id: string): Promise<boolean>;
  /** Pending (unconfirmed) factors of the owner: a new enrolment replaces an abandoned one. */
  deletePendingFactors(owner: MfaOwner): Promise<number>;
  /** Every factor and recovery code of the owner (an admin's reset); returns how many factors. */
  deleteAll(owner: MfaOwner): Promise<number>;
  /** Voids the owner's recovery codes and stores the new hashes. */
  replaceRecoveryCodes(owner: MfaOwner, hashes: string[], now: Date): Promise<void>;
  /** Marks the code used, once (atomic): false when unknown or already used. */
  useRecoveryCode(owner: MfaOwner, hash: string, now: Date): Promise<boolean>;
  countUnusedRecoveryCodes(owner: MfaOwner): Promise<number>;
  setRule(scope: MfaRuleScope, subjectId: string, required: boolean, now: Date): Promise<void>;
  hasRule(scope: MfaRuleScope, subjectId: string): Promise<boolean>;
  /** True when any of the subjects has a rule (group ids of a user, for instance). */
  hasAnyRule(scope: MfaRuleScope, subjectIds: readonly string[]): Promise<boolean>;
  listRules(scope: MfaRuleScope): Promise<string[]>;
  /** In one read: the rules on the user, on any group the user is a member of, and on the application (if given). */
  rulesFor(userId: string, applicationId?: string): Promise<{ scope: MfaRuleScope; subjectId: string }[]>;
  getSettings(): Promise<MfaSettings>;
  putSettings(settings: MfaSettings, now: Date): Promise<void>;
  /** The owner's enrolment deadline, set on first call (later calls keep the first one): the grace period's end. */
  enrolmentDeadline(owner: MfaOwner, proposed: Date): Promise<Date>;
  clearEnrolmentDeadline(owner: MfaOwner): Promise<void>;
}
