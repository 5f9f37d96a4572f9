// The passkey repository, written once for both engines (ARCHITECTURE.md §5). Taking a challenge is a single
// conditional DELETE, so a challenge answers one ceremony on any instance.
import { affected } from '@samlbridge/web';
import type { Sql } from './dialect.js';
import type { PasskeyRepository } from './passkey-types.js';

const SETTINGS_ROW = 1;

export function passkeys({ db, dialect }: Sql): PasskeyRepository {
  return {
    async insertChallenge(c, now) {
      await db.deleteFrom('passkey_challenges').where('expires_at', '<=', dialect.toDbDate(now)).execute();
      await db
        .insertInto('passkey_challenges')
        .values({ challenge: c.challenge, purpose: c.purpose, owner: c.owner, expires_at: dialect.toDbDate(c.expiresAt) })
        .execute();
    },
    async consumeChallenge(challenge, purpose, owner, now) {
      const result = await db
        .deleteFrom('passkey_challenges')
        .where('challenge', '=', challenge)
        .where('purpose', '=', purpose)
        .where((eb) => (owner === null ? eb('owner', 'is', null) : eb('owner', '=', owner)))
        .where('expires_at', '>', dialect.toDbDate(now))
        .executeTakeFirst();
      return affected(result) === 1;
    },
    async recordUse(factorId, data, now) {
      await db
        .updateTable('mfa_factors')
        .set({ data: dialect.toDbJson(data), last_used_at: dialect.toDbDate(now) })
        .where('id', '=', factorId)
        .where('kind', '=', 'webauthn')
        .execute();
    },
    async getSettings() {
      const r = await db.selectFrom('passkey_settings').selectAll().where('id', '=', SETTINGS_ROW).executeTakeFirst();
      return { allowPasskeyOnly: r ? dialect.fromDbBool(r.allow_passkey_only) : false };
    },
    async putSettings(s, now) {
      await db
        .insertInto('passkey_settings')
        .values({ id: SETTINGS_ROW, allow_passkey_only: dialect.toDbBool(s.allowPasskeyOnly), updated_at: dialect.toDbDate(now) })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            allow_passkey_only: eb.ref('excluded.allow_passkey_only'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    },
  };
}
