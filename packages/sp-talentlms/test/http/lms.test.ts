import { spSsoSettingsForm, suiteFixture } from '@samlbridge/test-support';
// LMS pages: local Super Admin sign-in, the SSO settings page (CSRF), the home page, sign-out.

import { fingerprints } from '@samlbridge/protocol';
import { CookieJar } from '@samlbridge/test-support';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { SESSION_COOKIE } from '../../src/index.js';
import { IDP_ENTITY_ID, IDP_SIGNOUT_URL, sessionOf, startSp } from '../helpers/harness.js';
import { idpKeys } from '../helpers/keys.js';
import { csrfFrom, postForm, superAdmin } from '../security/support.js';

describe('LMS pages', () => {
  const h = suiteFixture(() => startSp());

  it('shows the sign-in page with a password form and a "Sign in with SSO" link', async () => {
    const body = await (await h.get('/')).text();
    expect(body).to.include('action="/index/login"');
    expect(body).to.include('href="/index/ssologin/service:saml"');
    expect(body).to.include('Sign in with SSO');
    expect((await h.get('/index')).status).to.equal(200);
  });

  it('signs the Super Admin in with a password and shows how on /dashboard', async () => {
    const jar = await superAdmin(h);
    expect(await sessionOf(h, jar)).to.include({ login: 'admin', signedInVia: 'password' });
    const dash = await (await h.get('/dashboard', jar)).text();
    expect(dash).to.include('data-via="password"');
    expect(dash).to.include('with your password');
  });

  it('refuses a wrong password with 401 and no session', async () => {
    const jar = new CookieJar();
    const page = await (await h.get('/', jar)).text();
    const res = await postForm(h, '/index/login', jar, { _csrf: csrfFrom(page), login: 'admin', password: 'wrong' });
    expect(res.status).to.equal(401);
    expect(await res.text()).to.include('username or password is not right');
    expect(await sessionOf(h, jar)).to.equal(undefined);
  });

  it('refuses the sign-in form without its CSRF token (403)', async () => {
    const jar = new CookieJar();
    await h.get('/', jar);
    const res = await postForm(h, '/index/login', jar, { login: 'admin', password: 'admin-demo-password' });
    expect(res.status).to.equal(403);
    expect(await res.text()).to.include('data-reason="csrf_failed"');
  });

  it('shows who signed in with SSO on the home page', async () => {
    const { jar } = await h.postAcs(h.responseXml());
    const dash = await (await h.get('/dashboard', jar)).text();
    expect(dash).to.include('data-via="sso"');
    expect(dash).to.include('Jane Doe');
  });

  it('sends people who are not signed in from /dashboard to the sign-in page', async () => {
    const res = await h.get('/dashboard');
    expect(res.status).to.equal(302);
    expect(res.headers.get('location')).to.equal('/?return=%2Fdashboard');
  });

  it('keeps the SSO settings page for the Super Admin only', async () => {
    expect((await h.get('/account/users/sso')).status).to.equal(302);
    const { jar } = await h.postAcs(h.responseXml());
    expect((await h.get('/account/users/sso', jar)).status).to.equal(403);
    const admin = await superAdmin(h);
    const page = await (await h.get('/account/users/sso', admin)).text();
    expect(page).to.include('Single Sign-On (SSO)');
    expect(page).to.include(`value="${IDP_ENTITY_ID}"`);
  });

  it('saves the settings form and shows errors next to each field', async () => {
    const jar = await superAdmin(h);
    const page = await (await h.get('/account/users/sso', jar)).text();
    const csrf = csrfFrom(page);
    const bad = await postForm(h, '/account/users/sso', jar, {
      _csrf: csrf,
      idpEntityId: IDP_ENTITY_ID,
      certificateFingerprints: 'zz-not-a-fingerprint',
      remoteSignInUrl: 'nope',
      attr_targetedId: 'Username',
      attr_firstName: 'FirstName',
      attr_lastName: 'LastName',
      attr_email: 'Email',
      allowUnsolicited: 'on',
    });
    expect(bad.status).to.equal(400);
    const html = await bad.text();
    expect(html).to.match(/<p class="field-error" id="certificateFingerprints-error" data-field="certificateFingerprints">Line 1: /);
    expect(html).to.match(/<p class="field-error" id="remoteSignInUrl-error" data-field="remoteSignInUrl">Must be a full URL/);
    expect(html).to.include('zz-not-a-fingerprint');

    const sha256 = fingerprints(idpKeys().certificatePem).sha256;
    const idp = { idpEntityId: IDP_ENTITY_ID, certificateFingerprints: `${sha256}\n`, remoteSignOutUrl: IDP_SIGNOUT_URL };
    const ok = await postForm(
      h,
      '/account/users/sso',
      jar,
      // The test IdP publishes no metadata, so the check saving runs first fails: the admin confirms.
      spSsoSettingsForm({ ...idp, remoteSignInUrl: 'https://idp.example.test/saml2/talentlms' }, { _csrf: csrf, saveAnyway: '1' }),
    );
    expect(ok.status).to.equal(302);
    expect(ok.headers.get('location')).to.equal('/account/users/sso?saved=1');
    const saved = await h.sp.services.sso.getSettings('default');
    expect(saved.certificateFingerprints).to.deep.equal([sha256]);
    expect((await h.postAcs(h.responseXml())).res.status).to.equal(303);
  });

  it('refuses the settings form without CSRF', async () => {
    const jar = await superAdmin(h);
    const res = await postForm(h, '/account/users/sso', jar, { idpEntityId: 'https://evil.example' });
    expect(res.status).to.equal(403);
    expect((await h.sp.services.sso.getSettings('default')).idpEntityId).to.equal(IDP_ENTITY_ID);
  });

  it('signs out to the remote sign-out URL and the old cookie no longer works', async () => {
    const { jar } = await h.postAcs(h.responseXml());
    const cookie = jar.get(SESSION_COOKIE);
    const res = await h.get('/index/logout', jar);
    expect(res.status).to.equal(303);
    expect(res.headers.get('location')).to.equal(IDP_SIGNOUT_URL);
    expect(await sessionOf(h, jar)).to.equal(undefined);
    const replayed = new CookieJar();
    replayed.store(new Response(null, { headers: { 'set-cookie': `${SESSION_COOKIE}=${cookie}` } }));
    expect(await sessionOf(h, replayed)).to.equal(undefined);
  });

  it('signs out to the sign-in page when no remote sign-out URL is set (POST)', async () => {
    await h.sp.services.sso.updateSettings('default', { remoteSignOutUrl: '' });
    try {
      const { jar } = await h.postAcs(h.responseXml());
      const post = (form: Record<string, string>) =>
        fetch(`${h.url}/index/logout`, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(form),
        });
      expect((await post({})).status, 'no CSRF token').to.equal(403);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await (await h.get('/dashboard', jar)).text())?.[1] ?? '';
      const res = await post({ _csrf: csrf });
      expect(res.status).to.equal(303);
      expect(res.headers.get('location')).to.equal('/');
    } finally {
      await h.sp.services.sso.updateSettings('default', { remoteSignOutUrl: IDP_SIGNOUT_URL });
    }
  });

  it('lists users for the Super Admin', async () => {
    expect((await h.postAcs(h.responseXml())).res.status, 'jdoe signs in with SSO (just-in-time)').to.equal(303);
    const jar = await superAdmin(h);
    const body = await (await h.get('/account/users', jar)).text();
    expect(body).to.include('jdoe');
    expect(body).to.include('Super Admin');
  });
});
