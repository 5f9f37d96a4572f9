// The SSO tab switches on "Require signed AuthnRequests" with the SP certificate.
import { generateSigningMaterial } from '@samlbridge/certs';
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import type { ResolvedApplication } from '../../src/domain.js';
import { readSpCertificates } from '../../src/services/sp-certificates.js';
import { submitPairs, submitRefused } from '../helpers/admin.js';
import { SP_ENTITY_ID, signInThroughForm } from '../helpers/harness.js';
import { unescapeHtml } from '../helpers/html.js';
import { startPortal } from '../helpers/portal.js';
import { authnRequest, redirectQuery } from '../helpers/saml.js';
import { ssoTabPairs } from '../helpers/sso-tab.js';

const sp = generateSigningMaterial({ commonName: 'sp-portal-signing' });

const ssoPairs = (app: ResolvedApplication, extra: [string, string][]) => ssoTabPairs(app, extra);

describe('admin portal: require signed AuthnRequests on the SSO tab', () => {
  const p = suiteFixture(() => startPortal());

  it('refuses to require signed requests without a certificate, next to the SP certificate field', async () => {
    const { status, page } = await submitRefused(
      p.admin,
      `/admin/applications/${p.demoApp.id}/sso`,
      ssoPairs(p.demoApp, [['requireSignedRequests', 'true']]),
      p.csrf,
    );
    expect(status).to.equal(400);
    expect(unescapeHtml(page)).to.contain(
      'id="spCertificatePem-error">SP certificate: is required to require signed requests: paste the certificate',
    );
    expect(page).to.match(/name="requireSignedRequests" value="true" checked/);
  });

  it('saves the setting with the certificate, shows its SHA-256 fingerprint and validity, and refuses unsigned requests', async () => {
    const { page } = await submitPairs(
      p.admin,
      `/admin/applications/${p.demoApp.id}/sso`,
      ssoPairs(p.demoApp, [
        ['requireSignedRequests', 'true'],
        ['spCertificatePem', sp.certificatePem],
      ]),
      p.csrf,
    );
    expect(page).to.contain('SSO settings of');
    const info = readSpCertificates(sp.certificatePem);
    if (!info.ok) throw new Error(info.problem);
    const cert = info.certificates[0];
    expect(page).to.contain(`<code class="sp-sha256">${cert?.sha256}</code>`);
    expect(page).to.contain(`Valid ${cert?.notBefore.toISOString().slice(0, 10)} to ${cert?.notAfter.toISOString().slice(0, 10)}`);
    expect(page).to.match(/name="requireSignedRequests" value="true" checked/);
    const user = p.h.client();
    await signInThroughForm(user, '/login?next=/userconsole/');
    const xml = authnRequest({ destination: `${p.h.url}/saml2/talentlms`, issuer: SP_ENTITY_ID }).xml;
    const res = await user.get(`/saml2/talentlms?${redirectQuery(xml)}`);
    expect(res.status).to.equal(403);
    expect(await res.text()).to.contain('request_signature_required');
  });
});
