// The SSO tab's Single Logout card: the SP's SLO URL, response URL and binding, saved behind CSRF through the same
// checks as the admin API, and the IdP's own SLO URL for this application shown next to them.

import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { submit } from '../helpers/admin.js';
import { apiClient } from '../helpers/api.js';
import { startPortal } from '../helpers/portal.js';

describe('admin portal: Single Logout settings of an application', () => {
  const p = suiteFixture(() => startPortal(), { each: true });

  it('shows the card on the SSO tab with the IdP Single Logout URL and empty SP fields', async () => {
    const page = await (await p.admin.get(`/admin/applications/${p.demoApp.id}/sso`)).text();
    expect(page).to.match(
      /<form method="post" action="\/admin\/applications\/[^"]+\/single-logout" class="card" id="single-logout"><input type="hidden" name="_csrf"/,
    );
    expect(page).to.contain(`<code>${p.h.url}/saml2/talentlms/slo</code>`);
    expect(page).to.contain('<input type="url" id="sloUrl" name="sloUrl" value="">');
    expect(page).to.contain('<option value="redirect" selected>HTTP-Redirect</option>');
  });

  it('saves the SLO URL, response URL, binding and SOAP SLO URL; the admin API and the form then show them', async () => {
    const { location, page } = await submit(
      p.admin,
      `/admin/applications/${p.demoApp.id}/single-logout`,
      {
        sloUrl: 'https://sp.test/slo',
        sloResponseUrl: 'https://sp.test/slo-response',
        binding: 'post',
        soapUrl: 'https://sp.test/slo-soap',
      },
      p.csrf,
    );
    expect(location).to.equal(`/admin/applications/${p.demoApp.id}/sso`);
    expect(page).to.contain('Single Logout settings of TalentLMS were saved.');
    expect(page).to.contain('<input type="url" id="sloUrl" name="sloUrl" value="https://sp.test/slo">');
    expect(page).to.contain('<option value="post" selected>HTTP-POST</option>');
    expect(page).to.contain('<input type="url" id="sloSoapUrl" name="soapUrl" value="https://sp.test/slo-soap">');
    const api = apiClient(p.h);
    expect((await api('GET', `/applications/${p.demoApp.id}/single-logout`)).body).to.deep.equal({
      sloUrl: 'https://sp.test/slo',
      sloResponseUrl: 'https://sp.test/slo-response',
      binding: 'post',
      soapUrl: 'https://sp.test/slo-soap',
    });
  });

  it('refuses a SOAP SLO URL that is not http(s) (portal and API), saving nothing', async () => {
    const { page } = await submit(
      p.admin,
      `/admin/applications/${p.demoApp.id}/single-logout`,
      { sloUrl: '', binding: 'post', soapUrl: 'file:///etc/passwd' },
      p.csrf,
    );
    expect(page).to.contain('SP SOAP Single Logout URL must be an http(s) URL');
    const api = apiClient(p.h);
    const refused = await api('PUT', `/applications/${p.demoApp.id}/single-logout`, {
      sloUrl: '',
      sloResponseUrl: '',
      binding: 'post',
      soapUrl: 'gopher://x',
    });
    expect(refused.status).to.equal(400);
    expect(refused.body.message).to.contain('soapUrl must be an http(s) URL');
    expect(await p.h.idp.store.sloSoapEndpoints.get(p.demoApp.id)).to.equal('');
  });

  it('refuses a URL that is not http(s), says which field, and keeps the saved settings', async () => {
    await p.h.idp.store.singleLogout.putSettings(
      p.demoApp.id,
      { sloUrl: 'https://sp.test/slo', sloResponseUrl: '', binding: 'redirect' },
      new Date(),
    );
    const { page } = await submit(
      p.admin,
      `/admin/applications/${p.demoApp.id}/single-logout`,
      { sloUrl: 'javascript:alert(1)', binding: 'redirect' },
      p.csrf,
    );
    expect(page).to.contain('SP Single Logout URL must be an http(s) URL');
    expect((await p.h.idp.store.singleLogout.getSettings(p.demoApp.id))?.sloUrl).to.equal('https://sp.test/slo');
  });

  it('refuses a save without the CSRF token', async () => {
    const res = await p.admin.post(`/admin/applications/${p.demoApp.id}/single-logout`, { sloUrl: 'https://sp.test/slo', binding: 'post' });
    expect(res.status).to.equal(403);
    expect(await p.h.idp.store.singleLogout.getSettings(p.demoApp.id)).to.equal(undefined);
  });
});
