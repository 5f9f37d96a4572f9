// TalentLMS's "SSO integration type: None" on the SSO settings page: single sign-on off (ACS, SP-initiated login, the
// "Sign in with SSO" button), password sign-in and SCIM untouched, the SAML settings kept for the switch back. And the
// one meaning of saving: whichever button, settings whose check fails are not put in use without "Save anyway".
import { CookieJar, spSsoSettingsForm, suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { expectRejected } from '../helpers/expect-rejected.js';
import { type Harness, startSp } from '../helpers/harness.js';
import { csrfFrom, passwordSignIn, postForm, superAdmin } from '../security/support.js';

const SETTINGS = '/account/users/sso';

async function turnSsoOff(h: Harness): Promise<Response> {
  const jar = await superAdmin(h);
  const csrf = csrfFrom(await (await h.get(SETTINGS, jar)).text());
  // The form as the browser posts it with "None" chosen: the SAML fields ride along and must be left alone.
  return postForm(h, SETTINGS, jar, {
    _csrf: csrf,
    integrationType: 'none',
    idpEntityId: 'https://changed.example/while-off',
    certificateFingerprints: '',
    remoteSignInUrl: 'https://changed.example/sso',
    check: '1',
  });
}

async function settingsForm(jar: CookieJar, h: Harness, extra: Record<string, string>): Promise<Record<string, string>> {
  const current = await h.sp.services.sso.getSettings('default');
  return spSsoSettingsForm(current, { _csrf: csrfFrom(await (await h.get(SETTINGS, jar)).text()), integrationType: 'saml2', ...extra });
}

describe('SP SSO integration type None', () => {
  const h = suiteFixture(() => startSp(), { each: true });

  it('stores None from the settings page and leaves every SAML setting as it was', async () => {
    const before = await h.sp.services.sso.getSettings('default');
    const res = await turnSsoOff(h);
    expect(res.status).to.equal(303);
    expect(res.headers.get('location')).to.equal('/account/users/sso?saved=1');
    const after = await h.sp.services.sso.getSettings('default');
    expect(after).to.deep.equal({ ...before, integrationType: 'none' });
    const page = await (await h.get(SETTINGS, await superAdmin(h))).text();
    expect(page).to.contain('<option value="none" selected>None</option>');
    expect(page).to.contain('id="sso-off"');
  });

  it('refuses every Response with sso_disabled, in words, and records it in the sign-in log', async () => {
    await turnSsoOff(h);
    const refused = await h.postAcs(h.responseXml());
    await expectRejected(h, refused, 'sso_disabled');
    expect(refused.body).to.contain('Single sign-on is turned off for this site');
    const log = await (await h.get('/account/users/sso/sign-ins', await superAdmin(h))).text();
    expect(log).to.contain('sso_disabled');
  });

  it('shows no "Sign in with SSO" on the sign-in page', async () => {
    expect(await (await h.get('/')).text()).to.contain('id="sso-link"');
    await turnSsoOff(h);
    const page = await (await h.get('/')).text();
    expect(page).to.not.contain('id="sso-link"');
    expect(page).to.not.contain('Sign in with SSO');
    expect(page).to.contain('name="password"');
  });

  it('refuses SP-initiated login with a page that says single sign-on is off', async () => {
    await turnSsoOff(h);
    const res = await h.get('/index/ssologin/service:saml');
    expect(res.status).to.equal(409);
    expect(res.headers.get('location')).to.equal(null);
    const page = await res.text();
    expect(page).to.contain('Single sign-on is turned off');
    expect(page).to.contain('data-reason="sso_disabled"');
  });

  it('keeps local password sign-in working', async () => {
    await turnSsoOff(h);
    const res = await passwordSignIn(h, new CookieJar(), 'admin', 'admin-demo-password');
    expect(res.status).to.equal(303);
    expect(res.headers.get('location')).to.equal('/dashboard');
  });

  it('keeps the SCIM server working (it is independent of SSO)', async () => {
    const key = await h.sp.services.account.enableScim('default');
    await turnSsoOff(h);
    const res = await fetch(`${h.url}/api/scim2/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'off.learner',
        name: { givenName: 'Off', familyName: 'Learner' },
        emails: [{ value: 'off.learner@example.test', primary: true }],
      }),
    });
    expect(res.status).to.equal(201);
    const list = await fetch(`${h.url}/api/scim2/Users?filter=${encodeURIComponent('userName eq "off.learner"')}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(((await list.json()) as { totalResults: number }).totalResults).to.equal(1);
  });

  it('switching back to SAML2.0 restores the saved settings untouched, and sign-in works again', async () => {
    const before = await h.sp.services.sso.getSettings('default');
    await turnSsoOff(h);
    const jar = await superAdmin(h);
    // "Save anyway": the check reads the IdP's metadata, which this test IdP does not publish.
    const res = await postForm(h, SETTINGS, jar, await settingsForm(jar, h, { saveAnyway: '1' }));
    expect(res.status).to.equal(302);
    expect(await h.sp.services.sso.getSettings('default')).to.deep.equal(before);
    expect((await h.postAcs(h.responseXml())).res.status).to.equal(303);
  });

  it('takes None and SAML2.0 over the admin API and refuses any other type with the field named', async () => {
    const off = await h.api('PUT', '/api/admin/sso', { integrationType: 'none' });
    expect(off.status).to.equal(200);
    expect(((await off.json()) as { integrationType: string }).integrationType).to.equal('none');
    const bad = await h.api('PUT', '/api/admin/sso', { integrationType: 'oidc' });
    expect(bad.status).to.equal(400);
    expect(await bad.text()).to.contain('integrationType');
  });
});

describe('SP SSO settings: one meaning of saving', () => {
  const h = suiteFixture(() => startSp(), { each: true });

  it('a plain save (no check asked) of settings whose check fails keeps the previous ones in use and offers "Save anyway"', async () => {
    const before = await h.sp.services.sso.getSettings('default');
    const jar = await superAdmin(h);
    const form = await settingsForm(jar, h, { certificateFingerprints: 'AA'.repeat(20) });
    delete form.check;
    const res = await postForm(h, SETTINGS, jar, form);
    expect(res.status).to.equal(422);
    const page = await res.text();
    expect(page).to.contain('id="check-not-saved"');
    expect(page).to.contain('name="saveAnyway"');
    expect(page).to.not.contain('Settings saved.');
    expect(await h.sp.services.sso.getSettings('default')).to.deep.equal(before);
  });

  it('offers one primary save button, which checks, and explains it on the page', async () => {
    const page = await (await h.get(SETTINGS, await superAdmin(h))).text();
    expect(page.match(/<button type="submit"[^>]*>[^<]*<\/button>/g)?.filter((b) => b.includes('Save'))).to.deep.equal([
      '<button type="submit" name="check" value="1" aria-describedby="save-hint">Save and check configuration</button>',
    ]);
    expect(page).to.contain('settings that fail the check are not put in use');
  });

  it('"Save anyway" puts the confirmed settings in use', async () => {
    const jar = await superAdmin(h);
    const res = await postForm(h, SETTINGS, jar, await settingsForm(jar, h, { certificateFingerprints: 'AA'.repeat(20), saveAnyway: '1' }));
    expect(res.status).to.equal(302);
    expect((await h.sp.services.sso.getSettings('default')).certificateFingerprints).to.deep.equal([`${'AA:'.repeat(19)}AA`]);
  });
});
