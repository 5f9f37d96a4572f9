// Per-application SSO options (NameID formats, RelayState allow-list), written once for both engines.
import type { Sql } from './dialect.js';
import type { SsoOptionsRepository } from './types.js';

export function ssoOptions({ db, dialect }: Sql): SsoOptionsRepository {
  return {
    async get(applicationId) {
      const r = await db
        .selectFrom('application_sso_options')
        .select(['allowed_name_id_formats', 'allowed_relay_states'])
        .where('application_id', '=', applicationId)
        .executeTakeFirst();
      if (!r) return undefined;
      return {
        allowedNameIdFormats: r.allowed_name_id_formats === null ? null : dialect.fromDbJson(r.allowed_name_id_formats),
        allowedRelayStates: dialect.fromDbJson(r.allowed_relay_states),
      };
    },
    async put(applicationId, o, now) {
      await db
        .insertInto('application_sso_options')
        .values({
          application_id: applicationId,
          allowed_name_id_formats: o.allowedNameIdFormats === null ? null : dialect.toDbJson(o.allowedNameIdFormats),
          allowed_relay_states: dialect.toDbJson(o.allowedRelayStates),
          updated_at: dialect.toDbDate(now),
        })
        .onConflict((oc) =>
          oc.column('application_id').doUpdateSet((eb) => ({
            allowed_name_id_formats: eb.ref('excluded.allowed_name_id_formats'),
            allowed_relay_states: eb.ref('excluded.allowed_relay_states'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    },
  };
}
