// "Save and check configuration" over real HTTP against a real IdP: the SP page fetches the IdP's
// metadata (remote sign-in URL + /metadata) and reports each check.

import { spSsoSettingsForm } from '@samlbridge/test-support';
import { expect } from 'chai';
import { spAdminOnSsoSettings, stackFixture } from './support/stack-fixture.js';

describe('SSO configuration check against a real IdP (HTTP)', function () {
  this.timeout(30_000);
  const stack = stackFixture();

  async function saveAndCheck(overrides: Record<string, string>) {
    const { browser: b, form } = await spAdminOnSsoSettings(stack);
    const current = await stack.sp.services.sso.getSettings('localhost');
    // The certificate is left out: the check reads the fingerprints the form posts.
    const fields = spSsoSettingsForm({ ...current, certificatePem: undefined }, { integrationType: 'saml2', check: '1', ...overrides });
    const page = await b.navigate('POST', form.action, { _csrf: form.fields._csrf ?? '', ...fields });
    const checks = Object.fromEntries([...page.body.matchAll(/data-check="([^"]+)" data-status="([^"]+)"/g)].map((m) => [m[1], m[2]]));
    return { page, checks };
  }

  it('reports every check ok for the settings wired by the demo', async () => {
    const { page, checks } = await saveAndCheck({});
    expect(page.status).to.equal(200);
    expect(page.body).to.contain('data-ok="true"');
    expect(checks).to.deep.equal({
      metadata: 'ok',
      'entity-id': 'ok',
      certificate: 'ok',
      'sign-in-url': 'ok',
      'certificate-validity': 'ok',
    });
  });

  it("names the IdP's real entity ID and SHA-1 when both are wrong", async () => {
    const { page, checks } = await saveAndCheck({ idpEntityId: 'https://wrong.example.test/', certificateFingerprints: 'AA'.repeat(20) });
    expect(page.body).to.contain('data-ok="false"');
    expect(checks).to.include({ metadata: 'ok', 'entity-id': 'problem', certificate: 'problem' });
    expect(page.body).to.contain(stack.idp.signing.fingerprints.sha1);
  });

  it('reports a metadata URL that answers 404', async () => {
    const { checks, page } = await saveAndCheck({ idpMetadataUrl: `${stack.idpUrl}/saml2/no-such-app/metadata` });
    expect(checks).to.deep.equal({ metadata: 'problem' });
    expect(page.body).to.contain('HTTP 404');
  });
});
