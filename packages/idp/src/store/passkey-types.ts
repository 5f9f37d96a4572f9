// The passkey records (ARCHITECTURE.md §5): one-time WebAuthn challenges and the passkey-only setting (passkeys.ts).
import type { MfaOwner } from './mfa-types.js';

/** `register`: a new credential; `authenticate`: a second factor or step-up; `usernameless`: passkey-only sign-in. */
export type PasskeyChallengePurpose = 'register' | 'authenticate' | 'usernameless';

export interface PasskeyChallenge {
  /** The challenge as sent (base64url of 32 random bytes). */
  challenge: string;
  purpose: PasskeyChallengePurpose;
  /** Whose ceremony it is (`user:<id>` / `admin:<id>`); null for a usernameless sign-in. */
  owner: MfaOwner | null;
  expiresAt: Date;
}

export interface PasskeySettings {
  /** Passkey-only, usernameless sign-in from the login page (default off). */
  allowPasskeyOnly: boolean;
}
