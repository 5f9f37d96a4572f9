// Per application: the SP's back-channel SingleLogoutService URL (saml-metadata §2.2.2 with the SAML SOAP binding,
// saml-bindings §3.2), to which the IdP POSTs LogoutRequests server to server (http/slo/soap-logout.ts). Written once
// for both engines; no row or an empty URL: the application has no SOAP SLO endpoint.
import type { DbTimestamp } from '@samlbridge/web';
import type { Sql } from './dialect.js';

export interface SloSoapEndpointsTable {
  application_id: string;
  soap_url: string;
  updated_at: DbTimestamp;
}

export interface SloSoapEndpointRepository {
  /** The SOAP SLO URL, or '' when the application has none. */
  get(applicationId: string): Promise<string>;
  put(applicationId: string, soapUrl: string, now: Date): Promise<void>;
}

export function sloSoapEndpoints({ db, dialect }: Sql): SloSoapEndpointRepository {
  return {
    async get(applicationId) {
      const r = await db
        .selectFrom('application_slo_soap')
        .select('soap_url')
        .where('application_id', '=', applicationId)
        .executeTakeFirst();
      return r?.soap_url ?? '';
    },
    async put(applicationId, soapUrl, now) {
      await db
        .insertInto('application_slo_soap')
        .values({ application_id: applicationId, soap_url: soapUrl, updated_at: dialect.toDbDate(now) })
        .onConflict((oc) =>
          oc
            .column('application_id')
            .doUpdateSet((eb) => ({ soap_url: eb.ref('excluded.soap_url'), updated_at: eb.ref('excluded.updated_at') })),
        )
        .execute();
    },
  };
}
