// Wires a running IdP and SP together exactly as `npm start` does: the IdP gets the demo
// `talentlms` application, group and user; the SP's SSO settings trust the IdP's certificate.
// Used by scripts/start.ts and by the end-to-end tests, so both exercise the same set-up.
import type { Idp } from '@samlbridge/idp';
import { seedDemo } from '@samlbridge/idp';
import type { Sp } from '@samlbridge/sp-talentlms';

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
  return { app, spHost, spAcsUrl };
}
