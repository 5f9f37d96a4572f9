// The passkey store contract (ARCHITECTURE.md §5): one-time WebAuthn challenges and the passkey-only setting.
import type { MfaOwner } from './mfa-types.js';

/** `register`: a new credential; `authenticate`: a second factor or step-up; `usernameless`: passkey-only sign-in. */
export type PasskeyChallengePurpose = 'register' | 'authenticate' | 'usernameless';

export interface PasskeyChallenge {
  challenge: string;
  purpose: PasskeyChallengePurpose;
  owner: MfaOwner | null;
  expiresAt: Date;
}

export interface PasskeySettings {
  /** Passkey-only, usernameless sign-in from the login page (default off). */
  allowPasskeyOnly: boolean;
}

export interface PasskeyRepository {
  /** Stores a challenge (and drops the expired ones). */
  insertChallenge(challenge: PasskeyChallenge, now: Date): Promise<void>;
  /**
   * Takes the challenge, once, in ONE statement: true only when it exists for this purpose and owner and has not
   * expired (two parallel responses to one challenge: exactly one true).
   */
  consumeChallenge(challenge: string, purpose: PasskeyChallengePurpose, owner: MfaOwner | null, now: Date): Promise<boolean>;
  /** After a verified assertion: the credential's new public data (signature counter, backup state) and its use. */
  recordUse(factorId: string, data: Record<string, unknown>, now: Date): Promise<void>;
  getSettings(): Promise<PasskeySettings>;
  putSettings(settings: PasskeySettings, now: Date): Promise<void>;
}
