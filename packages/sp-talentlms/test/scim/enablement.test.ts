// Enabling SCIM: only with SAML SSO configured, the key shown once and stored hashed, regenerate revokes, disable,
// SP_SCIM_TOKEN at first start, the SSO settings page (CSRF), and the rate limit (429 + Retry-After).

import type { CookieJar } from '@samlbridge/test-support';
import { hashToken } from '@samlbridge/web';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { type Harness, startSp } from '../helpers/harness.js';
import { csrfFrom, postForm, superAdmin } from '../security/support.js';
import { expectScimError, type ScimReply, startScim } from './scim-helpers.js';

async function scimGet(h: Harness, key: string, path = '/Users'): Promise<ScimReply> {
  const r = await fetch(`${h.url}/api/scim2${path}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: r.status, headers: r.headers, body: (await r.json()) as ScimReply['body'] };
}

async function adminJar(h: Harness): Promise<{ jar: CookieJar; csrf: string }> {
  const jar = await superAdmin(h);
  return { jar, csrf: csrfFrom(await (await h.get('/account/users/sso', jar)).text()) };
}

describe('SCIM enablement', function () {
  this.timeout(20_000);
  it('refuses to enable SCIM while SAML SSO is not configured (409 sso_not_configured)', async () => {
    const h = await startSp({ settings: false });
    try {
      const r = await h.api('POST', '/api/admin/scim');
      expect(r.status).to.equal(409);
      expect(((await r.json()) as { error: string }).error).to.equal('sso_not_configured');
    } finally {
      await h.close();
    }
  });

  it('returns the key once, stores only its hash, regenerating revokes the old key, DELETE disables', async () => {
    const h = await startSp();
    try {
      const first = (await (await h.api('POST', '/api/admin/scim')).json()) as { apiKey: string; baseUrl: string };
      expect(first.baseUrl).to.equal('http://localhost:5000/api/scim2');
      expect(first.apiKey).to.match(/^tlms_/);
      const stored = await h.sp.store.account.get('default');
      expect(stored?.scimTokenHash).to.equal(hashToken(first.apiKey));
      expect(JSON.stringify(await (await h.api('GET', '/api/admin/scim')).json())).to.not.include(first.apiKey);
      expect((await scimGet(h, first.apiKey)).status).to.equal(200);
      const second = (await (await h.api('POST', '/api/admin/scim')).json()) as { apiKey: string };
      expect(second.apiKey).to.not.equal(first.apiKey);
      expectScimError(await scimGet(h, first.apiKey), 401);
      expect((await scimGet(h, second.apiKey)).status).to.equal(200);
      expect((await h.api('DELETE', '/api/admin/scim')).status).to.equal(204);
      expectScimError(await scimGet(h, second.apiKey), 401);
      expect((await h.api('POST', '/api/admin/scim', undefined, 'wrong-admin-key')).status).to.equal(401);
    } finally {
      await h.close();
    }
  });

  it('SP_SCIM_TOKEN at first start becomes the key; SCIM answers 403 until SSO is configured', async () => {
    const h = await startSp({ settings: false, config: { scimToken: 'demo-scim-token' } });
    try {
      expectScimError(await scimGet(h, 'demo-scim-token'), 403);
      await h.sp.services.sso.updateSettings('default', {
        idpEntityId: 'https://idp.example.test/saml2/talentlms',
        certificateFingerprints: ['AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD'],
        remoteSignInUrl: 'https://idp.example.test/saml2/talentlms',
      });
      expect((await scimGet(h, 'demo-scim-token')).status).to.equal(200);
      expect(await h.sp.services.account.seedScimToken('default', 'another')).to.equal(false);
    } finally {
      await h.close();
    }
  });

  it('the SSO settings page enables SCIM, redirects to a page showing the key once, and needs the CSRF token', async () => {
    const h = await startSp();
    try {
      const { jar, csrf } = await adminJar(h);
      const intentOf = (html: string) => /name="intent" value="([^"]+)"/.exec(html)?.[1] ?? '';
      const page = await (await h.get('/account/users/sso', jar)).text();
      expect(page).to.include('data-scim-action="enable"');
      expect((await postForm(h, '/account/users/sso/scim', jar, { action: 'enable', intent: intentOf(page) })).status).to.equal(403);
      const enableForm = { _csrf: csrf, action: 'enable', intent: intentOf(await (await h.get('/account/users/sso', jar)).text()) };
      const posted = await postForm(h, '/account/users/sso/scim', jar, enableForm);
      expect(posted.status).to.equal(303);
      expect(posted.headers.get('location')).to.equal('/account/users/sso/scim/key');
      const enabled = await (await h.get('/account/users/sso/scim/key', jar)).text();
      const key = /value="([^"]+)" data-key="scim-api-key"/.exec(enabled)?.[1] ?? '';
      expect(key).to.match(/^tlms_/);
      expect(enabled).to.contain('you will not see it again');
      expect((await scimGet(h, key)).status).to.equal(200);
      // Reloading the key page (a GET) re-posts nothing and shows the key no more.
      const reloaded = await h.get('/account/users/sso/scim/key', jar);
      expect(reloaded.status).to.equal(200);
      const reloadedPage = await reloaded.text();
      expect(reloadedPage).to.not.include(key);
      expect(reloadedPage).to.contain('SCIM API key already shown');
      expect(reloadedPage).to.contain('Sign out');
      expect((await scimGet(h, key)).status).to.equal(200);

      // Re-sending the enable form (browser history) is refused, and the key keeps working.
      const reposted = await postForm(h, '/account/users/sso/scim', jar, enableForm);
      expect(reposted.status).to.equal(409);
      expect(await reposted.text()).to.contain('already used');
      expect((await scimGet(h, key)).status).to.equal(200);

      const again = await (await h.get('/account/users/sso', jar)).text();
      expect(again).to.not.include(key);
      expect(again).to.include('data-enabled="true"');
      await postForm(h, '/account/users/sso/scim', jar, { _csrf: csrf, action: 'disable', intent: intentOf(again) });
      expectScimError(await scimGet(h, key), 401);
    } finally {
      await h.close();
    }
  });

  it('answers 429 with Retry-After and a SCIM error above SP_SCIM_RATE_LIMIT_PER_MINUTE, and recovers in the next minute', async () => {
    const h = await startScim({ config: { scimRateLimitPerMinute: 3 } });
    try {
      for (let i = 0; i < 3; i++) expect((await h.scim('GET', '/Users')).status).to.equal(200);
      const r = await h.scim('GET', '/Users');
      expectScimError(r, 429);
      expect(Number(r.headers.get('retry-after'))).to.be.within(1, 60);
      h.clock.advance(60_000);
      expect((await h.scim('GET', '/Users')).status).to.equal(200);
    } finally {
      await h.close();
    }
  });

  it('serves discovery documents as ListResponses with meta', async () => {
    const h = await startScim();
    try {
      const spc = await h.scim('GET', '/ServiceProviderConfig');
      expect(spc.body).to.deep.include({ patch: { supported: true }, filter: { supported: true, maxResults: 1000 } });
      expect(spc.body.meta).to.include({ resourceType: 'ServiceProviderConfig' });
      const rt = await h.scim('GET', '/ResourceTypes');
      expect(rt.body).to.include({ totalResults: 2 });
      expect(rt.body.Resources?.map((r) => r.id)).to.deep.equal(['User', 'Group']);
      const schemas = await h.scim('GET', '/Schemas');
      expect(schemas.body.Resources?.map((r) => r.id)).to.include('urn:ietf:params:scim:schemas:extension:talentlms:2.0:User');
      const one = await h.scim('GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User');
      expect(one.status).to.equal(200);
      expect(one.body.meta).to.include({ resourceType: 'Schema' });
      expectScimError(await h.scim('GET', '/ServiceProviderConfig', undefined, { key: null }), 401);
    } finally {
      await h.close();
    }
  });
});
