// Size limits on the SSO IdP URL (413 HTML pages) and HTTP fuzzing: nothing a client sends yields a 500.

import { deflateRawSync } from 'node:zlib';
import { encodePost, encodeRedirect } from '@samlbridge/protocol';
import { expectNo5xxToRandomPosts, suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import fc from 'fast-check';
import { SSO_LIMITS } from '../../../src/http/sso/limits.js';
import { SP_ENTITY_ID, startIdp } from '../../helpers/harness.js';
import { authnRequest } from '../../helpers/saml.js';

async function expectTooLargePage(res: Response) {
  expect(res.status).to.equal(413);
  expect(res.headers.get('content-type')).to.match(/^text\/html/);
  const body = await res.text();
  expect(body).to.contain('Request too large');
  expect(body).to.contain('message_too_large');
  return body;
}

describe('SSO IdP URL: message limits and fuzzing', () => {
  const h = suiteFixture(() => startIdp());
  let sso: string;
  before(async () => {
    sso = `${h.url}/saml2/talentlms`;
  });

  it('refuses a deflate bomb over the Redirect binding with a 413 page naming the inflated-size limit', async () => {
    const bomb = deflateRawSync(
      Buffer.from(`<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">${' '.repeat(4 * 1024 * 1024)}`),
    );
    const query = new URLSearchParams({ SAMLRequest: bomb.toString('base64') }).toString();
    expect(query.length).to.be.below(SSO_LIMITS.queryBytes);
    // That zlib stops at the limit rather than inflating it all: protocol's bindings.test.ts.
    const body = await expectTooLargePage(await fetch(`${sso}?${query}`));
    expect(body).to.contain('larger than 32768 bytes');
  });

  it('refuses an inflated AuthnRequest just over the XML limit and accepts one under it', async () => {
    const pad = (n: number) => `<!-- ${'x'.repeat(n)} -->`;
    const { xml } = authnRequest({ destination: sso, issuer: SP_ENTITY_ID });
    const over = xml.replace('</samlp:AuthnRequest>', `${pad(SSO_LIMITS.xmlBytes)}</samlp:AuthnRequest>`);
    await expectTooLargePage(await fetch(`${sso}?${new URLSearchParams({ SAMLRequest: encodeRedirect(over) })}`));
    const ok = await fetch(`${sso}?${new URLSearchParams({ SAMLRequest: encodeRedirect(xml) })}`, { redirect: 'manual' });
    expect(ok.status).to.equal(302);
  });

  it('refuses a query string over 8 KiB with a 413 page', async () => {
    await expectTooLargePage(await fetch(`${sso}?SAMLRequest=${'A'.repeat(SSO_LIMITS.queryBytes)}`));
    await expectTooLargePage(await fetch(`${sso}?RelayState=${'r'.repeat(SSO_LIMITS.queryBytes + 1)}`));
  });

  it('refuses an oversized POST (declared or chunked) with a 413 page', async () => {
    const big = new URLSearchParams({ SAMLRequest: 'A'.repeat(SSO_LIMITS.formBytes + 10) }).toString();
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    await expectTooLargePage(await fetch(sso, { method: 'POST', headers: form, body: big }));
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    await expectTooLargePage(await fetch(sso, { method: 'POST', headers: form, body: chunked, duplex: 'half' } as RequestInit));
  });

  it('refuses a POSTed AuthnRequest whose decoded XML is over the limit with a 413 page', async () => {
    const xml = `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">${'x'.repeat(SSO_LIMITS.xmlBytes + 1)}</samlp:AuthnRequest>`;
    const res = await fetch(sso, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ SAMLRequest: encodePost(xml) }),
    });
    await expectTooLargePage(res);
  });

  describe('fuzzing (fast-check, bounded)', () => {
    const param = fc.constantFrom('SAMLRequest', 'RelayState', 'SigAlg', 'Signature', 'samlrequest', 'next', 'flow');
    const value = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 100 }),
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('base64')),
      fc.string({ maxLength: 300 }).map((s) => encodeRedirect(s)),
      fc
        .string({ maxLength: 300 })
        .map((s) => encodeRedirect(`<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="${s}">`)),
      fc.constantFrom('', '%', '%%', '\u0000', 'http://www.w3.org/2000/09/xmldsig#rsa-sha1'),
    );
    const pairs = fc.array(fc.tuple(fc.oneof(param, fc.string({ maxLength: 10 })), value), { maxLength: 5 });

    it('never answers 5xx to random Redirect-binding queries', async () => {
      await fc.assert(
        fc.asyncProperty(pairs, fc.constantFrom('talentlms', 'nope', '%2e%2e', 'x'.repeat(100)), async (ps, app) => {
          const qs = new URLSearchParams(ps).toString();
          const res = await fetch(`${h.url}/saml2/${app}?${qs}`, { redirect: 'manual' });
          await res.arrayBuffer();
          return res.status < 500;
        }),
        { numRuns: 150 },
      );
    });

    it('never answers 5xx to random POST bodies and content types', async () => {
      await expectNo5xxToRandomPosts({
        urls: fc.constant(sso),
        formFields: pairs,
        contentTypes: [
          'application/x-www-form-urlencoded',
          'application/json',
          'text/xml',
          'multipart/form-data; boundary=x',
          'application/x-www-form-urlencoded; charset=latin1',
          '',
        ],
        numRuns: 150,
      });
    });
  });
});
