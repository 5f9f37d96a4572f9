// Wires a running IdP and SP together exactly as `npm start` does: the IdP gets the demo
// `talentlms` application, group and user; the SP's SSO settings trust the IdP's certificate.
// Used by scripts/start.ts and by the end-to-end tests, so both exercise the same set-up.
import type { Idp } from '@samlbridge/idp';
import { DEMO_APPLICATION, seedDemo } from '@samlbridge/idp';
import { DEFAULT_TENANT, type Sp } from '@samlbridge/sp-talentlms';

/** The demo SCIM key: the SP's SP_SCIM_TOKEN, or else the IdP's IDP_DEMO_SCIM_TOKEN (same default on both sides). */
export const demoScimToken = (idp: Idp, sp: Sp): string => sp.config.scimToken || idp.config.demoScimToken;

export async function wireDemo(idp: Idp, sp: Sp) {
  const spHost = new URL(sp.config.baseUrl).hostname;
  const spAcsUrl = `${sp.config.baseUrl}/simplesaml/module.php/saml/sp/saml2-acs.php/${spHost}`;
  const app = await seedDemo(idp, { spBaseUrl: sp.config.baseUrl, spEntityId: spHost, spAcsUrl });
  const current = await sp.services.sso.getSettings(spHost);
  if (!current.idpEntityId) {
    await sp.services.sso.updateSettings(spHost, {
      idpEntityId: app.idpEntityId,
      certificateFingerprints: [idp.signing.fingerprints.sha1],
      remoteSignInUrl: `${idp.config.baseUrl}/saml2/${app.name}`,
      remoteSignOutUrl: `${idp.config.baseUrl}/userconsole/`,
    });
  }
  // SCIM: at the SP's first start its key becomes the demo token (a no-op once the account has settings).
  await sp.services.account.seedScimToken(DEFAULT_TENANT, demoScimToken(idp, sp));
  return { app, spHost, spAcsUrl };
}

/**
 * Once both apps listen: activates the IdP's Identity Management integration of `talentlms` with the
 * demo token (verified over HTTP like any activation), so provisioning is live out of the box.
 * First time only: an admin's later choices (deactivated, other token) are kept.
 */
export async function activateDemoProvisioning(idp: Idp, sp: Sp): Promise<void> {
  if ((await idp.provisioning.idm.get(DEMO_APPLICATION)).configured) return;
  const baseUrl = `${sp.config.baseUrl}/api/scim2`;
  try {
    await idp.provisioning.idm.activate(DEMO_APPLICATION, { baseUrl, token: demoScimToken(idp, sp) }, 'system:demo');
    idp.logger.info({ application: DEMO_APPLICATION, baseUrl }, 'demo Identity Management (SCIM) integration activated');
  } catch (err) {
    idp.logger.warn(
      { application: DEMO_APPLICATION, reason: (err as Error).message },
      'demo Identity Management integration not activated',
    );
  }
}
