// SP-initiated SSO: the AuthnRequest, its stored ID, InResponseTo once, RelayState.
import { BINDING, decodeRedirect, parseAuthnRequest } from '@samlbridge/protocol';
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { expectRejected } from '../helpers/expect-rejected.js';
import { ACS_URL, type Harness, IDP_SSO_URL, SP_ENTITY_ID, startSp } from '../helpers/harness.js';

async function start(h: Harness, query = '') {
  const res = await h.get(`/index/ssologin/service:saml${query}`);
  expect(res.status).to.equal(302);
  const location = new URL(res.headers.get('location') ?? '');
  const request = parseAuthnRequest(decodeRedirect(location.searchParams.get('SAMLRequest') ?? ''));
  return { location, request, relayState: location.searchParams.get('RelayState') };
}

describe('SP-initiated SSO', () => {
  const h = suiteFixture(() => startSp());

  it('redirects to the remote sign-in URL with an AuthnRequest over HTTP-Redirect', async () => {
    const { location, request } = await start(h);
    expect(`${location.origin}${location.pathname}`).to.equal(IDP_SSO_URL);
    expect(request).to.include({
      issuer: SP_ENTITY_ID,
      destination: IDP_SSO_URL,
      assertionConsumerServiceUrl: ACS_URL,
      protocolBinding: BINDING.post,
    });
    expect(request.id).to.match(/^_[0-9a-f]{40}$/);
  });

  it('accepts the Response to that request once, then rejects its reuse (unknown_in_response_to)', async () => {
    const { request } = await start(h);
    const first = await h.postAcs(h.responseXml({ inResponseTo: request.id }));
    expect(first.res.status).to.equal(303);
    await expectRejected(h, await h.postAcs(h.responseXml({ inResponseTo: request.id })), 'unknown_in_response_to');
  });

  it('rejects a Response to a request that has expired', async () => {
    const { request } = await start(h);
    h.clock.advance(16 * 60_000);
    try {
      await expectRejected(h, await h.postAcs(h.responseXml({ inResponseTo: request.id })), 'unknown_in_response_to');
    } finally {
      h.clock.advance(-16 * 60_000);
    }
  });

  it('keeps a same-origin RelayState path and lands there after the ACS', async () => {
    const { relayState, request } = await start(h, `?RelayState=${encodeURIComponent('/dashboard?tab=courses')}`);
    expect(relayState).to.equal('/dashboard?tab=courses');
    const { res } = await h.postAcs(h.responseXml({ inResponseTo: request.id }), { relayState: relayState ?? '' });
    expect(res.status).to.equal(303);
    expect(res.headers.get('location')).to.equal('/dashboard?tab=courses');
  });

  it('drops an absolute foreign RelayState at the start and ignores one at the ACS', async () => {
    const { relayState } = await start(h, `?RelayState=${encodeURIComponent('https://evil.example/phish')}`);
    expect(relayState).to.equal(null);
    for (const evil of ['https://evil.example/phish', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)']) {
      const { res } = await h.postAcs(h.responseXml(), { relayState: evil });
      expect(res.status, evil).to.equal(303);
      expect(res.headers.get('location'), evil).to.equal('/dashboard');
    }
  });

  it('accepts an absolute RelayState URL on our own origin as its path', async () => {
    const { res } = await h.postAcs(h.responseXml(), { relayState: 'http://localhost:5000/account/users' });
    expect(res.headers.get('location')).to.equal('/account/users');
  });
});

describe('SP-initiated SSO without settings', () => {
  const h = suiteFixture(() => startSp({ settings: false }));

  it('shows a clear page instead of redirecting', async () => {
    const res = await h.get('/index/ssologin/service:saml');
    expect(res.status).to.equal(409);
    const body = await res.text();
    expect(body).to.include('Single sign-on is not set up');
    expect(body).to.include('data-reason="sso_not_configured"');
  });
});
