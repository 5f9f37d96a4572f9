// Per-application SSO options (NameID formats, RelayState allow-list), written once for both engines.
import { type Keyed, keyedColumns, keyedTable, type RowOf } from '@samlbridge/web';
import type { Sql } from './dialect.js';
import type { SsoOptions } from './types.js';

const COLUMNS = keyedColumns<SsoOptions>()('application_id', {
  json: ['allowedRelayStates'],
  'json?': ['allowedNameIdFormats'],
});
/** Per-application NameID formats and IdP-initiated RelayState targets (null/[]: the defaults). */
export type ApplicationSsoOptionsTable = RowOf<Keyed<SsoOptions>, typeof COLUMNS>;

/** By application ID; no row → the defaults (`{ allowedNameIdFormats: null, allowedRelayStates: [] }`). */
export const ssoOptions = ({ db, dialect }: Sql) =>
  keyedTable<SsoOptions, string, ApplicationSsoOptionsTable>(db, dialect, 'application_sso_options', COLUMNS);
