import { createSign } from 'node:crypto';
import { SAML } from '@node-saml/node-saml';
import { generateSigningMaterial } from '@samlbridge/certs';
import { thrownBy } from '@samlbridge/test-support';
import { expect } from 'chai';
import { buildAuthnRequest, encodeRedirect, SamlError, signRedirectQuery, verifyRedirectQuerySignature } from '../src/index.js';
import { ACS_URL, SP_ENTITY_ID, signingMaterial } from './fixtures.js';

const errorCode = (fn: () => unknown) => thrownBy(fn, SamlError)?.code;

describe('HTTP-Redirect query signatures (saml-bindings §3.4.4.1)', () => {
  const SAMLRequest = encodeRedirect(
    buildAuthnRequest({
      id: '_r',
      issueInstant: new Date(),
      destination: 'https://idp/sso',
      issuer: SP_ENTITY_ID,
      assertionConsumerServiceUrl: ACS_URL,
    }),
  );

  it('verifies a query it signed, over the raw octets, and reports the algorithm', () => {
    const { privateKeyPem, certificatePem } = signingMaterial();
    const query = signRedirectQuery({ SAMLRequest, RelayState: 'https://sp/home?x=1&y=2', privateKeyPem });
    expect(query).to.match(/^SAMLRequest=[^&]+&RelayState=[^&]+&SigAlg=[^&]+&Signature=[^&]+$/);
    expect(verifyRedirectQuerySignature(query, certificatePem)).to.deep.equal({ signed: true, algorithm: 'rsa-sha256' });
  });

  it('verifies the octets as received even when the sender URL-encoded differently', () => {
    const { privateKeyPem, certificatePem } = signingMaterial();
    // Lower-case percent escapes are a different octet string: the signature must be over them.
    const signedPart = `SAMLRequest=${encodeURIComponent(SAMLRequest).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}&SigAlg=${encodeURIComponent('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256')}`;
    const sig = createSign('sha256').update(signedPart).sign(privateKeyPem, 'base64');
    expect(verifyRedirectQuerySignature(`${signedPart}&Signature=${encodeURIComponent(sig)}`, certificatePem).signed).to.equal(true);
  });

  it("verifies node-saml's signed AuthnRequest redirect", async () => {
    const sp = generateSigningMaterial({ commonName: 'sp' });
    const saml = new SAML({
      callbackUrl: ACS_URL,
      entryPoint: 'https://idp/sso',
      issuer: SP_ENTITY_ID,
      idpCert: signingMaterial().certificatePem,
      privateKey: sp.privateKeyPem,
      signatureAlgorithm: 'sha256',
    });
    const url = new URL(await saml.getAuthorizeUrlAsync('relay&state', undefined, {}));
    expect(verifyRedirectQuerySignature(url.search.slice(1), sp.certificatePem)).to.deep.equal({ signed: true, algorithm: 'rsa-sha256' });
  });

  it('fails with signature_invalid when the RelayState was tampered with', () => {
    const { privateKeyPem, certificatePem } = signingMaterial();
    const query = signRedirectQuery({ SAMLRequest, RelayState: 'home', privateKeyPem });
    expect(errorCode(() => verifyRedirectQuerySignature(query.replace('RelayState=home', 'RelayState=evil'), certificatePem))).to.equal(
      'signature_invalid',
    );
  });

  it('fails with signature_invalid against another certificate, and accepts any of several (rotation)', () => {
    const { privateKeyPem, certificatePem } = signingMaterial();
    const other = generateSigningMaterial({ commonName: 'other' }).certificatePem;
    const query = signRedirectQuery({ SAMLRequest, privateKeyPem });
    expect(errorCode(() => verifyRedirectQuerySignature(query, other))).to.equal('signature_invalid');
    expect(verifyRedirectQuerySignature(query, [other, certificatePem]).signed).to.equal(true);
  });

  it('refuses RSA-SHA1 unless allowed', () => {
    const { privateKeyPem, certificatePem } = signingMaterial();
    const query = signRedirectQuery({ SAMLRequest, privateKeyPem, algorithm: 'rsa-sha1' });
    expect(errorCode(() => verifyRedirectQuerySignature(query, certificatePem))).to.equal('signature_algorithm_forbidden');
    expect(verifyRedirectQuerySignature(query, certificatePem, { allowSha1: true })).to.deep.equal({ signed: true, algorithm: 'rsa-sha1' });
  });

  it('reports an unsigned query as unsigned and refuses repeated parameters', () => {
    const { certificatePem } = signingMaterial();
    expect(verifyRedirectQuerySignature(`SAMLRequest=${encodeURIComponent(SAMLRequest)}`, certificatePem)).to.deep.equal({ signed: false });
    expect(errorCode(() => verifyRedirectQuerySignature('SAMLRequest=a&SAMLRequest=b&Signature=x', certificatePem))).to.equal(
      'malformed_query',
    );
  });
});
