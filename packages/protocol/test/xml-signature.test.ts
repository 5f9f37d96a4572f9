// The enveloped-signature steps shared by the SP (Responses) and the IdP (POST AuthnRequests).
import { generateSigningMaterial } from '@samlbridge/certs';
import { thrownBy } from '@samlbridge/test-support';
import type { Element } from '@xmldom/xmldom';
import { expect } from 'chai';
import { ALGORITHMS, createResponseSigner, NS, XmlSignatureError } from '../src/index.js';
import { firstChildNS, parseXml } from '../src/xml/safe-parse.js';
import { checkSignatureAlgorithms, checkSignatureShape, isEnvelopedReference, verifyEnvelopedSignature } from '../src/xml-signature.js';
import { sampleResponseInput, signingMaterial } from './fixtures.js';

/** A Response signed on the Response only, and its ds:Signature element. */
function signed(edit: (xml: string) => string = (x) => x) {
  const xml = edit(createResponseSigner(signingMaterial()).issue(sampleResponseInput({ signing: 'response' })));
  const doc = parseXml(xml);
  const response = doc.documentElement as Element;
  return { xml, response, signature: firstChildNS(response, NS.ds, 'Signature') as Element };
}

/** What `fn` throws as a XmlSignatureError (its code), or undefined when it throws nothing. */
const failure = (fn: () => unknown) => thrownBy(fn, XmlSignatureError)?.code;

describe('xml-signature: the enveloped-signature verifier shared by IdP and SP', () => {
  it('returns the canonical signed bytes of the referenced element for a genuine signature', () => {
    const { xml, response, signature } = signed();
    expect(isEnvelopedReference(signature, response)).to.equal(true);
    checkSignatureShape(signature);
    checkSignatureAlgorithms(signature, { allowSha1: false });
    const bytes = verifyEnvelopedSignature(xml, signature, [signingMaterial().certificatePem]);
    expect(bytes).to.match(/^<samlp:Response /);
    expect(bytes).not.to.contain('<ds:Signature');
  });

  it('refuses a signature that verifies with no configured key (signature_invalid)', () => {
    const { xml, signature } = signed();
    const other = generateSigningMaterial({ commonName: 'someone else' });
    expect(failure(() => verifyEnvelopedSignature(xml, signature, [other.certificatePem]))).to.equal('signature_invalid');
  });

  it('says for each configured key why the signature did not verify, for the caller to log', () => {
    const { xml, signature } = signed();
    const other = generateSigningMaterial({ commonName: 'someone else' });
    const third = generateSigningMaterial({ commonName: 'a third one' });
    let thrown: unknown;
    try {
      verifyEnvelopedSignature(xml, signature, [other.certificatePem, third.certificatePem]);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).to.be.instanceOf(XmlSignatureError);
    const problem = ((thrown as XmlSignatureError).details as { problem?: string } | undefined)?.problem;
    expect(problem).to.match(/^certificate 1: .+; certificate 2: .+/);
  });

  it('does not treat a signature referencing another element as enveloped', () => {
    const { response, signature } = signed((x) => x.replace(/URI="#[^"]+"/, 'URI="#_assertion0123456789abcdef"'));
    expect(isEnvelopedReference(signature, response)).to.equal(false);
  });

  it('refuses a comment inside DigestValue (CVE-2025-29775)', () => {
    const { signature } = signed((x) => x.replace(/<ds:DigestValue>([^<]{4})/, '<ds:DigestValue>$1<!--x-->'));
    expect(failure(() => checkSignatureShape(signature))).to.equal('malformed_signature');
  });

  it('refuses a ds:Object inside the Signature (xmldsig §4 as SAML uses it)', () => {
    const { signature } = signed((x) => x.replace('</ds:SignatureValue>', '</ds:SignatureValue><ds:Object><x/></ds:Object>'));
    expect(failure(() => checkSignatureShape(signature))).to.equal('malformed_signature');
  });

  it('refuses two SignedInfo elements (CVE-2025-29774)', () => {
    const { signature } = signed((x) => {
      const info = /<ds:SignedInfo>[\s\S]*?<\/ds:SignedInfo>/.exec(x)?.[0] ?? '';
      return x.replace(info, info + info);
    });
    expect(failure(() => checkSignatureShape(signature))).to.equal('malformed_signature');
  });

  it('refuses HMAC, SHA-1 unless allowed, and XPath transforms', () => {
    const hmac = signed((x) => x.replace(ALGORITHMS.rsaSha256, 'http://www.w3.org/2000/09/xmldsig#hmac-sha1'));
    expect(failure(() => checkSignatureAlgorithms(hmac.signature, { allowSha1: true }))).to.equal('signature_algorithm_forbidden');
    const sha1 = signed((x) => x.replace(ALGORITHMS.rsaSha256, ALGORITHMS.rsaSha1).replace(ALGORITHMS.sha256, ALGORITHMS.sha1));
    expect(failure(() => checkSignatureAlgorithms(sha1.signature, { allowSha1: false }))).to.equal('signature_algorithm_forbidden');
    checkSignatureAlgorithms(sha1.signature, { allowSha1: true });
    const xpath = signed((x) => x.replace(ALGORITHMS.envelopedSignature, 'http://www.w3.org/TR/1999/REC-xpath-19991116'));
    expect(failure(() => checkSignatureAlgorithms(xpath.signature, { allowSha1: false }))).to.equal('signature_algorithm_forbidden');
  });
});
