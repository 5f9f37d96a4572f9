// The passkey repository, written once for both engines (ARCHITECTURE.md §5). Taking a challenge is a single
// conditional DELETE, so a challenge answers one ceremony on any instance.
import { affected, type Keyed, keyedColumns, keyedTable, type RowOf, snakeColumns, table } from '@samlbridge/web';
import type { Sql } from './dialect.js';
import type { MfaOwner } from './mfa-types.js';
import type { PasskeyChallenge, PasskeyChallengePurpose, PasskeySettings } from './passkey-types.js';

const CHALLENGE = snakeColumns<PasskeyChallenge>()({
  text: ['challenge', 'purpose', 'owner'],
  date: ['expiresAt'],
});
/** Server-side, short-lived, single-use WebAuthn challenges. */
export type PasskeyChallengesTable = RowOf<PasskeyChallenge, typeof CHALLENGE>;

/** The one row of the passkey setting of the MFA policy. */
const SETTINGS = keyedColumns<PasskeySettings>()('id', { bool: ['allowPasskeyOnly'] });
export type PasskeySettingsTable = RowOf<Keyed<PasskeySettings, number>, typeof SETTINGS>;
const SETTINGS_ROW = 1;

export function passkeys({ db, dialect }: Sql) {
  const challenges = table<PasskeyChallenge, PasskeyChallengesTable>(db, dialect, 'passkey_challenges', CHALLENGE);
  const settings = keyedTable<PasskeySettings, number, PasskeySettingsTable>(db, dialect, 'passkey_settings', SETTINGS);
  return {
    /** Stores a challenge (and drops the expired ones). */
    async insertChallenge(c: PasskeyChallenge, now: Date) {
      await db.deleteFrom('passkey_challenges').where('expires_at', '<=', dialect.toDbDate(now)).execute();
      await challenges.insert(c);
    },
    /**
     * Takes the challenge, once, in ONE statement: true only when it exists for this purpose and owner and has not
     * expired (two parallel responses to one challenge: exactly one true).
     */
    async consumeChallenge(challenge: string, purpose: PasskeyChallengePurpose, owner: MfaOwner | null, now: Date) {
      const result = await db
        .deleteFrom('passkey_challenges')
        .where('challenge', '=', challenge)
        .where('purpose', '=', purpose)
        .where((eb) => (owner === null ? eb('owner', 'is', null) : eb('owner', '=', owner)))
        .where('expires_at', '>', dialect.toDbDate(now))
        .executeTakeFirst();
      return affected(result) === 1;
    },
    /** After a verified assertion: the credential's new public data (signature counter, backup state) and its use. */
    async recordUse(factorId: string, data: Record<string, unknown>, now: Date) {
      await db
        .updateTable('mfa_factors')
        .set({ data: dialect.toDbJson(data), last_used_at: dialect.toDbDate(now) })
        .where('id', '=', factorId)
        .where('kind', '=', 'webauthn')
        .execute();
    },
    getSettings: async (): Promise<PasskeySettings> => (await settings.get(SETTINGS_ROW)) ?? { allowPasskeyOnly: false },
    putSettings: (s: PasskeySettings, now: Date) => settings.put(SETTINGS_ROW, s, now),
  };
}
