import { deflateRawSync } from 'node:zlib';
import { thrownBy } from '@samlbridge/test-support';
import { expect } from 'chai';
import { buildRedirectUrl, decodePost, decodeRedirect, encodePost, encodeRedirect, renderPostForm, SamlError } from '../src/index.js';

const codeOf = (fn: () => unknown) => thrownBy(fn, SamlError)?.code;

const XML = '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_1">é😀&amp;</samlp:AuthnRequest>';

describe('HTTP-Redirect binding (saml-bindings §3.4)', () => {
  it('round-trips a message through deflate + base64', () => {
    expect(decodeRedirect(encodeRedirect(XML))).to.equal(XML);
  });

  it('refuses a deflate bomb (50 MB of zeros) with message_too_large, zlib stopping at the limit', () => {
    const bomb = deflateRawSync(Buffer.alloc(50 * 1024 * 1024)).toString('base64');
    const err = thrownBy(() => decodeRedirect(bomb, { maxEncodedBytes: 1024 * 1024 }), SamlError);
    expect(err?.code).to.equal('message_too_large');
    // zlib's own maxOutputLength refusal: inflation stopped past the limit instead of producing 50 MB first.
    expect(err?.cause).to.include({ code: 'ERR_BUFFER_TOO_LARGE' });
  });

  it('refuses an oversize encoded parameter before inflating it', () => {
    expect(codeOf(() => decodeRedirect('A'.repeat(70 * 1024)))).to.equal('message_too_large');
  });

  it('refuses bad base64 with bad_base64', () => {
    expect(codeOf(() => decodeRedirect('not base64!'))).to.equal('bad_base64');
    expect(codeOf(() => decodeRedirect('abc'))).to.equal('bad_base64');
    expect(codeOf(() => decodeRedirect(''))).to.equal('bad_base64');
  });

  it('refuses base64 that is not DEFLATE data with inflate_failed', () => {
    expect(codeOf(() => decodeRedirect(Buffer.from('plain text, not deflated').toString('base64')))).to.equal('inflate_failed');
  });

  it('appends parameters with ? or & depending on the endpoint', () => {
    expect(buildRedirectUrl('https://idp/sso', { SAMLRequest: 'a+b/c=', RelayState: 'x y&z' })).to.equal(
      'https://idp/sso?SAMLRequest=a%2Bb%2Fc%3D&RelayState=x%20y%26z',
    );
    expect(buildRedirectUrl('https://idp/sso?app=1', { SAMLResponse: 'r' })).to.equal('https://idp/sso?app=1&SAMLResponse=r');
  });
});

describe('HTTP-POST binding (saml-bindings §3.5)', () => {
  it('round-trips a message and tolerates line breaks in the base64', () => {
    const b64 = encodePost(XML);
    expect(decodePost(b64)).to.equal(XML);
    expect(decodePost(b64.replace(/(.{16})/g, '$1\r\n'))).to.equal(XML);
  });

  it('refuses characters outside base64 with bad_base64', () => {
    expect(codeOf(() => decodePost(`${encodePost(XML)}!`))).to.equal('bad_base64');
    expect(codeOf(() => decodePost('%3D%3D'))).to.equal('bad_base64');
  });

  it('refuses a message larger than maxBytes with message_too_large (status 413)', () => {
    let err: unknown;
    try {
      decodePost(encodePost('x'.repeat(2000)), { maxBytes: 1000 });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(SamlError).with.property('code', 'message_too_large');
    expect((err as SamlError).status).to.equal(413);
  });

  it('renders a form with escaped values, a Continue button and no inline script', () => {
    const html = renderPostForm({ action: 'https://sp/acs?a=1&b="2"', fields: { SAMLResponse: 'PD94+/=', RelayState: '<script>"\'&' } });
    expect(html).to.contain('action="https://sp/acs?a=1&amp;b=&quot;2&quot;"');
    expect(html).to.contain('value="&lt;script&gt;&quot;&#39;&amp;"');
    expect(html).to.contain('<script src="/assets/autopost.js" defer></script>');
    expect(html).to.match(/<button type="submit">Continue<\/button>/);
    expect(html.match(/<script/g)).to.have.length(1);
    expect(html).to.contain('press Continue to finish signing in.');
  });

  it('says "signing out" (title and no-JavaScript text) on a sign-out form', () => {
    const html = renderPostForm({ action: 'https://sp/slo', fields: { SAMLRequest: 'PD94' }, purpose: 'sign-out' });
    expect(html).to.contain('<title>Signing you out…</title>');
    expect(html).to.contain('press Continue to finish signing out.');
    expect(html).to.not.contain('signing in');
  });
});
