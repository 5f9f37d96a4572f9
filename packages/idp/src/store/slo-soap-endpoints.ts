// Per application: the SP's back-channel SingleLogoutService URL (saml-metadata §2.2.2 with the SAML SOAP binding,
// saml-bindings §3.2), to which the IdP POSTs LogoutRequests server to server (http/slo/soap-logout.ts). Written once
// for both engines; no row or an empty URL: the application has no SOAP SLO endpoint.
import { type Keyed, keyedColumns, keyedTable, type RowOf } from '@samlbridge/web';
import type { Sql } from './dialect.js';

type SoapEndpoint = { soapUrl: string };
const COLUMNS = keyedColumns<SoapEndpoint>()('application_id', { text: ['soapUrl'] });
export type SloSoapEndpointsTable = RowOf<Keyed<SoapEndpoint>, typeof COLUMNS>;

export function sloSoapEndpoints({ db, dialect }: Sql) {
  const t = keyedTable<SoapEndpoint, string, SloSoapEndpointsTable>(db, dialect, 'application_slo_soap', COLUMNS);
  return {
    /** The SOAP SLO URL, or '' when the application has none. */
    get: async (applicationId: string) => (await t.get(applicationId))?.soapUrl ?? '',
    put: (applicationId: string, soapUrl: string, now: Date) => t.put(applicationId, { soapUrl }, now),
  };
}

export type SloSoapEndpointRepository = ReturnType<typeof sloSoapEndpoints>;
