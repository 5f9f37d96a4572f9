// The passkey tables (ARCHITECTURE.md §5): WebAuthn challenges (server-side, short-lived, single use) and the
// passkey setting of the MFA policy. The credentials themselves are `webauthn` rows of mfa_factors.
import type { DbTimestamp } from '@samlbridge/web';
import type { PasskeyChallengePurpose } from './passkey-types.js';
import type { PasskeySettingsTable } from './passkeys.js';

export interface PasskeyTables {
  passkey_challenges: {
    /** The challenge as sent (base64url of 32 random bytes). */
    challenge: string;
    purpose: PasskeyChallengePurpose;
    /** Whose ceremony it is (`user:<id>` / `admin:<id>`); null for a usernameless sign-in. */
    owner: string | null;
    expires_at: DbTimestamp;
  };
  passkey_settings: PasskeySettingsTable;
}
