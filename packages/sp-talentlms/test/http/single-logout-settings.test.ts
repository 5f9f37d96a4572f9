// The SP's side of SAML Single Logout set-up: the SSO settings page's "Use SAML Single Logout on sign-out" checkbox and
// IdP Single Logout URL field (CSRF form over the same validation as the API), and the SP metadata that advertises its
// SingleLogoutService (HTTP-Redirect and HTTP-POST) and the certificate of its sp-signing key (saml-metadata §2.4.4).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { certificateBody } from '@samlbridge/protocol';
import { type CookieJar, spSsoSettingsForm, suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { BASE_URL, type Harness, IDP_ENTITY_ID, IDP_SIGNOUT_URL, IDP_SSO_URL, startSp } from '../helpers/harness.js';
import { csrfFrom, postForm, superAdmin } from '../security/support.js';

const METADATA = '/simplesaml/module.php/saml/sp/metadata.php/localhost';
const SP_SLO = `${BASE_URL}/simplesaml/module.php/saml/sp/saml2-logout.php/localhost`;
const IDP_SLO = 'https://idp.example.test/saml2/talentlms/slo';

async function adminPage(h: Harness): Promise<{ jar: CookieJar; page: string }> {
  const jar = await superAdmin(h);
  return { jar, page: await (await h.get('/account/users/sso', jar)).text() };
}

describe('SP Single Logout set-up: settings page and metadata', () => {
  const h = suiteFixture(() => startSp());
  afterEach(async () => h.sp.services.sso.updateSettings('default', { useSamlSingleLogout: false, idpSingleLogoutUrl: '' }));

  const idp = {
    idpEntityId: IDP_ENTITY_ID,
    certificateFingerprints: '',
    certificatePem: '',
    remoteSignInUrl: IDP_SSO_URL,
    remoteSignOutUrl: IDP_SIGNOUT_URL,
  };
  // The test IdP publishes no metadata, so the check saving runs first fails: the admin confirms.
  const settingsForm = (csrf: string, extra: Record<string, string>) => spSsoSettingsForm(idp, { _csrf: csrf, saveAnyway: '1', ...extra });
  /** Posts the settings form as the Super Admin with the saved fingerprints and `extra`; the jar keeps the session. */
  async function saveAsAdmin(extra: Record<string, string>) {
    const { jar, page } = await adminPage(h);
    const fingerprint = (await h.sp.services.sso.getSettings('default')).certificateFingerprints.join('\n');
    const res = await postForm(
      h,
      '/account/users/sso',
      jar,
      settingsForm(csrfFrom(page), { certificateFingerprints: fingerprint, ...extra }),
    );
    return { jar, res };
  }

  it('shows the SP Single Logout URL, the checkbox and the IdP Single Logout URL field', async () => {
    const { page } = await adminPage(h);
    expect(page).to.contain(`<dd class="mono" data-sp="slo-url">${SP_SLO}</dd>`);
    expect(page).to.match(/<input type="checkbox" name="useSamlSingleLogout"> Use SAML Single Logout on sign-out/);
    expect(page).to.contain('<input id="idpSingleLogoutUrl" name="idpSingleLogoutUrl" type="text" value=""');
  });

  it('saves "use SAML Single Logout" with the IdP Single Logout URL, keeping the remote sign-out URL', async () => {
    const { jar, res } = await saveAsAdmin({ useSamlSingleLogout: 'on', idpSingleLogoutUrl: IDP_SLO });
    expect(res.status).to.equal(302);
    const saved = await h.sp.services.sso.getSettings('default');
    expect(saved).to.deep.include({ useSamlSingleLogout: true, idpSingleLogoutUrl: IDP_SLO, remoteSignOutUrl: IDP_SIGNOUT_URL });
    const again = await (await h.get('/account/users/sso', jar)).text();
    expect(again).to.match(/<input type="checkbox" name="useSamlSingleLogout" checked> Use SAML Single Logout/);
  });

  it('refuses the checkbox without an IdP Single Logout URL and says so at the field', async () => {
    const { res } = await saveAsAdmin({ useSamlSingleLogout: 'on' });
    expect(res.status).to.equal(400);
    expect(await res.text()).to.match(
      /data-field="idpSingleLogoutUrl">SAML Single Logout needs the identity provider&#39;s Single Logout URL/,
    );
    expect((await h.sp.services.sso.getSettings('default')).useSamlSingleLogout).to.equal(false);
  });

  it('advertises its SingleLogoutService for HTTP-Redirect and HTTP-POST, and its SOAP endpoint, in the SP metadata', async () => {
    const xml = await (await h.get(METADATA)).text();
    const slo = [...xml.matchAll(/<md:SingleLogoutService Binding="([^"]+)" Location="([^"]+)"\/>/g)];
    expect(slo.map((m) => [m[1], m[2]])).to.deep.equal([
      ['urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', SP_SLO],
      ['urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', SP_SLO],
      ['urn:oasis:names:tc:SAML:2.0:bindings:SOAP', `${SP_SLO}/soap`],
    ]);
  });

  it('publishes the sp-signing certificate (the key its logout messages are signed with) as KeyDescriptor use="signing"', async () => {
    const xml = await (await h.get(METADATA)).text();
    const signing = [...xml.matchAll(/<md:KeyDescriptor use="signing">[\s\S]*?<ds:X509Certificate>([^<]+)</g)];
    expect(signing).to.have.length(1);
    expect(signing[0]?.[1]).to.equal(certificateBody(readFileSync(join(h.dir, 'sp-signing.crt'), 'utf8')));
  });
});
