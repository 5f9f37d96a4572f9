// Per-application SSO options (NameID formats, RelayState allow-list), written once for both engines.
import { type Columns, type RowOf, table } from '@samlbridge/web';
import type { Sql } from './dialect.js';
import type { SsoOptions, SsoOptionsRepository } from './types.js';

type SsoOptionsRow = SsoOptions & { applicationId: string; updatedAt: Date };
const COLUMNS = {
  applicationId: 'application_id',
  allowedNameIdFormats: ['allowed_name_id_formats', 'json?'],
  allowedRelayStates: ['allowed_relay_states', 'json'],
  updatedAt: ['updated_at', 'date'],
} as const satisfies Columns<SsoOptionsRow>;
/** Per-application NameID formats and IdP-initiated RelayState targets (null/[]: the defaults). */
export type ApplicationSsoOptionsTable = RowOf<SsoOptionsRow, typeof COLUMNS>;

export function ssoOptions({ db, dialect }: Sql): SsoOptionsRepository {
  const t = table<SsoOptionsRow, ApplicationSsoOptionsTable>(db, dialect, 'application_sso_options', COLUMNS);
  return {
    async get(applicationId) {
      const row = await t.find({ application_id: applicationId });
      return row && { allowedNameIdFormats: row.allowedNameIdFormats, allowedRelayStates: row.allowedRelayStates };
    },
    put: (applicationId, o, now) => t.upsert({ applicationId, ...o, updatedAt: now }, ['application_id']),
  };
}
