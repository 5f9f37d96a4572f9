import { SamlbridgeError } from '@samlbridge/errors';
import type { Document, Element } from '@xmldom/xmldom';
import { expect } from 'chai';
import fc from 'fast-check';
import { SignedXml } from 'xml-crypto';
import type { ResponseSigner, SignatureAlgorithm, SigningMode } from '../src/index.js';
import { createResponseSigner, NS } from '../src/index.js';
import { parseXml } from '../src/xml/safe-parse.js';
import { invalidXmlChar, xmlText } from './arbitraries.js';
import { sampleResponseInput, signingMaterial } from './fixtures.js';

/** The product's parser: XML 1.0 line ends, so NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR read back as sent. */
function parse(xml: string): Document {
  return parseXml(xml);
}

function signatureOf(el: Element): Element | undefined {
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === NS.ds && (n as Element).localName === 'Signature') return n as Element;
  }
  return undefined;
}

/** xml-crypto verifies one ds:Signature; returns the bytes it says were signed. */
function verifyWithXmlCrypto(xml: string, signature: Element, certPem: string): string {
  const sig = new SignedXml({ publicCert: certPem });
  sig.loadSignature(signature as unknown as Parameters<SignedXml['loadSignature']>[0]);
  expect(sig.checkSignature(xml), 'xml-crypto checkSignature').to.equal(true);
  const refs = sig.getSignedReferences();
  expect(refs).to.have.length(1);
  return refs[0] as string;
}

interface Verified {
  responseSigned: boolean;
  assertionSigned: boolean;
  /** The assertion as read from signed bytes. */
  signedAssertion: Element | undefined;
}

function verifyBoth(xml: string, certPem: string): Verified {
  const doc = parse(xml);
  const response = doc.documentElement as Element;
  const assertion = response.getElementsByTagNameNS(NS.assertion, 'Assertion')[0];
  const rSig = signatureOf(response);
  const aSig = assertion ? signatureOf(assertion) : undefined;
  let signedAssertion: Element | undefined;
  if (rSig) {
    const signed = parse(verifyWithXmlCrypto(xml, rSig, certPem));
    signedAssertion = signed.getElementsByTagNameNS(NS.assertion, 'Assertion')[0];
  }
  if (aSig) signedAssertion = parse(verifyWithXmlCrypto(xml, aSig, certPem)).documentElement ?? undefined;
  return { responseSigned: rSig !== undefined, assertionSigned: aSig !== undefined, signedAssertion };
}

function readBack(doc: Element | undefined): { nameId: string; attributes: { name: string; values: string[] }[] } {
  if (!doc) throw new Error('no signed assertion');
  const nameId = doc.getElementsByTagNameNS(NS.assertion, 'NameID')[0]?.textContent ?? '';
  const attributes = Array.from(doc.getElementsByTagNameNS(NS.assertion, 'Attribute')).map((a) => ({
    name: a.getAttribute('Name') ?? '',
    values: Array.from(a.getElementsByTagNameNS(NS.assertion, 'AttributeValue')).map((v) => v.textContent ?? ''),
  }));
  return { nameId, attributes };
}

describe('createResponseSigner', () => {
  let signer: ResponseSigner;
  let certPem: string;
  before(() => {
    const m = signingMaterial();
    certPem = m.certificatePem;
    signer = createResponseSigner(m);
  });

  for (const [mode, response, assertion] of [
    ['both', true, true],
    ['assertion', false, true],
    ['response', true, false],
  ] as [SigningMode, boolean, boolean][]) {
    it(`signs ${mode === 'both' ? 'the Response and the Assertion' : `only the ${mode}`} in mode '${mode}', verified by xml-crypto`, () => {
      const xml = signer.issue(sampleResponseInput({ signing: mode }));
      const v = verifyBoth(xml, certPem);
      expect(v.responseSigned).to.equal(response);
      expect(v.assertionSigned).to.equal(assertion);
    });
  }

  for (const alg of ['rsa-sha256', 'rsa-sha512', 'rsa-sha1'] as SignatureAlgorithm[]) {
    it(`produces signatures xml-crypto verifies with ${alg}`, () => {
      const xml = signer.issue({ ...sampleResponseInput(), signatureAlgorithm: alg });
      expect(xml).to.contain(alg === 'rsa-sha1' ? 'xmldsig#rsa-sha1' : `xmldsig-more#${alg}`);
      verifyBoth(xml, certPem);
    });
  }

  it('uses exclusive c14n, the enveloped-signature transform and an embedded X509Certificate', () => {
    const xml = signer.issue(sampleResponseInput());
    const doc = parse(xml);
    const c14n = Array.from(doc.getElementsByTagNameNS(NS.ds, 'CanonicalizationMethod')).map((e) => e.getAttribute('Algorithm'));
    expect(c14n).to.deep.equal(['http://www.w3.org/2001/10/xml-exc-c14n#', 'http://www.w3.org/2001/10/xml-exc-c14n#']);
    const transforms = Array.from(doc.getElementsByTagNameNS(NS.ds, 'Transform')).map((e) => e.getAttribute('Algorithm'));
    expect(transforms).to.deep.equal([
      'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
      'http://www.w3.org/2001/10/xml-exc-c14n#',
      'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
      'http://www.w3.org/2001/10/xml-exc-c14n#',
    ]);
    const body = certPem.replace(/-----[^-]+-----|\s/g, '');
    const certs = Array.from(doc.getElementsByTagNameNS(NS.ds, 'X509Certificate')).map((e) => e.textContent);
    expect(certs).to.deep.equal([body, body]);
  });

  it('places each Signature right after the Issuer of the element it signs (saml-core §5.4.2)', () => {
    const doc = parse(signer.issue(sampleResponseInput()));
    for (const el of [doc.documentElement as Element, doc.getElementsByTagNameNS(NS.assertion, 'Assertion')[0] as Element]) {
      const children = Array.from(el.childNodes).filter((n) => n.nodeType === 1) as Element[];
      expect(children[0]?.localName).to.equal('Issuer');
      expect(children[1]?.localName).to.equal('Signature');
      const ref = children[1]?.getElementsByTagNameNS(NS.ds, 'Reference')[0];
      expect(ref?.getAttribute('URI')).to.equal(`#${el.getAttribute('ID')}`);
    }
  });

  it('writes InResponseTo on the Response and SubjectConfirmationData only when given', () => {
    const withIrt = signer.issue(sampleResponseInput({ inResponseTo: '_req123' }));
    expect(withIrt.match(/InResponseTo="_req123"/g)).to.have.length(2);
    expect(signer.issue(sampleResponseInput())).not.to.contain('InResponseTo');
  });

  it('omits the AttributeStatement when there are no attributes', () => {
    const xml = signer.issue(sampleResponseInput({ attributes: [] }));
    expect(xml).not.to.contain('AttributeStatement');
    verifyBoth(xml, certPem);
  });

  it('does not use xsi:type on AttributeValue', () => {
    expect(signer.issue(sampleResponseInput())).not.to.contain('xsi:');
  });

  it('sends a signed Response without an Assertion for a non-Success status, even in assertion-only mode', () => {
    for (const signing of ['both', 'assertion', 'response'] as SigningMode[]) {
      const { assertion: _drop, ...rest } = sampleResponseInput();
      const xml = signer.issue({
        ...rest,
        signing,
        inResponseTo: '_req',
        status: { code: 'Responder', subCode: 'RequestDenied', message: 'Not assigned to "TalentLMS" & co' },
      });
      expect(xml).not.to.contain('Assertion');
      const doc = parse(xml);
      const codes = Array.from(doc.getElementsByTagNameNS(NS.protocol, 'StatusCode')).map((e) => e.getAttribute('Value'));
      expect(codes).to.deep.equal(['urn:oasis:names:tc:SAML:2.0:status:Responder', 'urn:oasis:names:tc:SAML:2.0:status:RequestDenied']);
      expect(doc.getElementsByTagNameNS(NS.protocol, 'StatusMessage')[0]?.textContent).to.equal('Not assigned to "TalentLMS" & co');
      expect(verifyBoth(xml, certPem).responseSigned).to.equal(true);
    }
  });

  it('refuses a Success status without an assertion', () => {
    const { assertion: _drop, ...rest } = sampleResponseInput();
    expect(() => signer.issue(rest))
      .to.throw(SamlbridgeError)
      .with.property('code', 'missing_assertion');
  });

  it('refuses a key that does not belong to the certificate', async () => {
    const { generateSigningMaterial } = await import('@samlbridge/certs');
    const other = generateSigningMaterial({ commonName: 'other' });
    expect(() => createResponseSigner({ privateKeyPem: other.privateKeyPem, certificatePem: certPem }))
      .to.throw(SamlbridgeError)
      .with.property('code', 'key_certificate_mismatch');
  });

  it('refuses IDs that are not xs:ID', () => {
    expect(() => signer.issue(sampleResponseInput({ responseId: '1abc' })))
      .to.throw(SamlbridgeError)
      .with.property('code', 'invalid_id');
    expect(() => signer.issue(sampleResponseInput({ assertionId: 'a"b' })))
      .to.throw(SamlbridgeError)
      .with.property('code', 'invalid_id');
  });

  it('keeps both signatures valid and reads back any NameID and attributes exactly (property, 150 runs)', () => {
    fc.assert(
      fc.property(
        xmlText({ minLength: 1 }),
        fc.array(fc.record({ name: xmlText({ minLength: 1, maxLength: 12 }), values: fc.array(xmlText(), { maxLength: 3 }) }), {
          maxLength: 4,
        }),
        fc.constantFrom<SigningMode>('both', 'assertion', 'response'),
        (nameId, attributes, signing) => {
          const xml = signer.issue(sampleResponseInput({ nameId, attributes, signing }));
          const back = readBack(verifyBoth(xml, certPem).signedAssertion);
          expect(back.nameId).to.equal(nameId);
          expect(back.attributes).to.deep.equal(attributes);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses characters XML 1.0 cannot carry with invalid_xml_char naming the field (property)', () => {
    fc.assert(
      fc.property(xmlText(), invalidXmlChar, xmlText(), fc.constantFrom('nameId', 'value', 'name'), (pre, bad, post, where) => {
        const s = pre + bad + post;
        const input =
          where === 'nameId'
            ? sampleResponseInput({ nameId: s })
            : sampleResponseInput({ attributes: [where === 'name' ? { name: s, values: [] } : { name: 'x', values: [s] }] });
        let err: unknown;
        try {
          signer.issue(input);
        } catch (e) {
          err = e;
        }
        expect(err).to.be.instanceOf(SamlbridgeError);
        expect((err as SamlbridgeError).code).to.equal('invalid_xml_char');
        expect((err as SamlbridgeError).message).to.match(where === 'nameId' ? /^nameId / : /^attribute /);
      }),
      { numRuns: 100 },
    );
  });
});
