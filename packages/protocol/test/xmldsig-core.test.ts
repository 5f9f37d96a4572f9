// Core validation on the parsed tree (src/xml/xmldsig-core.ts): the bytes it returns are exactly the ones
// xml-crypto's own checkSignature returns for the same document, for every canonicalization SAML signers use;
// what it refuses; and the bounded key cache.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { thrownBy } from '@samlbridge/test-support';
import type { Element } from '@xmldom/xmldom';
import { expect } from 'chai';
import { SignedXml } from 'xml-crypto';
import { ALGORITHMS, createResponseSigner, NS } from '../src/index.js';
import { firstChildNS, parseXml } from '../src/xml/safe-parse.js';
import { cachedVerificationKeys, verificationKey } from '../src/xml/verification-keys.js';
import { CoreValidationError, verifyEnvelopedInTree } from '../src/xml/xmldsig-core.js';
import { checkSignatureAlgorithms, verifyEnvelopedSignature, XmlSignatureError } from '../src/xml-signature.js';
import { sampleResponseInput, signingMaterial } from './fixtures.js';

const EXC_WITH_COMMENTS = 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments';
const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';

type Target = 'response' | 'assertion';

function elementOf(xml: string, target: Target): Element {
  const response = parseXml(xml).documentElement as Element;
  return target === 'response' ? response : (firstChildNS(response, NS.assertion, 'Assertion') as Element);
}

function signatureOf(xml: string, target: Target): Element {
  return firstChildNS(elementOf(xml, target), NS.ds, 'Signature') as Element;
}

/** A genuine Response, its `target` signed again by xml-crypto with the given canonicalization and transforms. */
function resigned(
  target: Target,
  {
    c14n,
    transforms,
    prefixes,
    edit = (x) => x,
  }: { c14n: string; transforms: string[]; prefixes?: string[]; edit?: (xml: string) => string },
  key: { privateKeyPem: string } = signingMaterial(),
): string {
  const xml = edit(createResponseSigner(signingMaterial()).issue(sampleResponseInput({ signing: 'response' })));
  const unsigned = xml.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '');
  const local = target === 'response' ? 'Response' : 'Assertion';
  const sx = new SignedXml({ privateKey: key.privateKeyPem, signatureAlgorithm: ALGORITHMS.rsaSha256, canonicalizationAlgorithm: c14n });
  sx.addReference({
    xpath: `//*[local-name(.)='${local}']`,
    transforms,
    digestAlgorithm: ALGORITHMS.sha256,
    ...(prefixes ? { inclusiveNamespacesPrefixList: prefixes } : {}),
  });
  sx.computeSignature(unsigned, {
    prefix: 'ds',
    location: { reference: `//*[local-name(.)='${local}']/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return sx.getSignedXml();
}

/** What xml-crypto's checkSignature returns as the signed bytes (the verifier this module replaced). */
function xmlCryptoSignedBytes(xml: string, target: Target): string {
  const sx = new SignedXml({ publicCert: signingMaterial().certificatePem, getCertFromKeyInfo: () => null });
  sx.idAttributes = ['ID'];
  sx.loadSignature(signatureOf(xml, target) as unknown as Parameters<SignedXml['loadSignature']>[0]);
  expect(sx.checkSignature(xml)).to.equal(true);
  return sx.getSignedReferences()[0] as string;
}

function ours(xml: string, target: Target): string {
  return verifyEnvelopedInTree(signatureOf(xml, target), [verificationKey(signingMaterial().certificatePem)]);
}

/** What `fn` throws as a CoreValidationError (its message), or undefined when it throws nothing. */
const refusal = (fn: () => unknown) => thrownBy(fn, CoreValidationError)?.message;

describe('xmldsig core validation on the parsed tree', () => {
  it("returns exactly xml-crypto's signed bytes for both signatures of our IdP's Response", () => {
    const xml = createResponseSigner(signingMaterial()).issue(sampleResponseInput({ signing: 'both' }));
    for (const target of ['response', 'assertion'] as const) expect(ours(xml, target)).to.equal(xmlCryptoSignedBytes(xml, target));
  });

  it("returns exactly xml-crypto's signed bytes with inclusive C14N, exc-c14n InclusiveNamespaces, and only the enveloped transform", () => {
    const withXs = (x: string) => x.replace('<samlp:Response ', '<samlp:Response xmlns:xs="http://www.w3.org/2001/XMLSchema" ');
    const variants = [
      resigned('assertion', { c14n: C14N, transforms: [ALGORITHMS.envelopedSignature, C14N] }),
      resigned('assertion', { c14n: ALGORITHMS.excC14n, transforms: [ALGORITHMS.envelopedSignature] }),
      resigned('assertion', {
        c14n: ALGORITHMS.excC14n,
        transforms: [ALGORITHMS.envelopedSignature, ALGORITHMS.excC14n],
        prefixes: ['xs', 'saml'],
        edit: withXs,
      }),
      resigned('response', { c14n: C14N, transforms: [ALGORITHMS.envelopedSignature, ALGORITHMS.excC14n], edit: withXs }),
    ];
    for (const [i, xml] of variants.entries()) {
      const target = i === 3 ? 'response' : 'assertion';
      expect(ours(xml, target), `variant ${i}`).to.equal(xmlCryptoSignedBytes(xml, target));
    }
    expect(ours(variants[2] as string, 'assertion')).to.contain('xmlns:xs="http://www.w3.org/2001/XMLSchema"');
  });

  it('leaves comments out of the signed bytes even with a WithComments transform (same-document reference)', () => {
    const xml = resigned('assertion', {
      c14n: ALGORITHMS.excC14n,
      transforms: [ALGORITHMS.envelopedSignature, EXC_WITH_COMMENTS],
      edit: (x) => x.replace('jane.doe@example.com</saml:NameID>', 'jane.doe<!-- a comment -->@example.com</saml:NameID>'),
    });
    const bytes = ours(xml, 'assertion');
    expect(bytes).to.equal(xmlCryptoSignedBytes(xml, 'assertion'));
    expect(bytes).to.contain('jane.doe@example.com</saml:NameID>');
  });

  it('leaves the parsed document as it was (no signature removed, no namespace added)', () => {
    const xml = resigned('assertion', {
      c14n: ALGORITHMS.excC14n,
      transforms: [ALGORITHMS.envelopedSignature, ALGORITHMS.excC14n],
      prefixes: ['xs'],
      edit: (x) => x.replace('<samlp:Response ', '<samlp:Response xmlns:xs="http://www.w3.org/2001/XMLSchema" '),
    });
    const assertion = elementOf(xml, 'assertion');
    const before = assertion.toString();
    verifyEnvelopedInTree(firstChildNS(assertion, NS.ds, 'Signature') as Element, [verificationKey(signingMaterial().certificatePem)]);
    expect(assertion.toString()).to.equal(before);
  });

  it('refuses a document where a second element carries the signed ID (wrapping)', () => {
    const xml = createResponseSigner(signingMaterial()).issue(sampleResponseInput({ signing: 'assertion' }));
    const wrapped = xml.replace(
      '<samlp:Status>',
      '<samlp:Extensions><x ID="_assertion0123456789abcdef"/></samlp:Extensions><samlp:Status>',
    );
    expect(refusal(() => ours(wrapped, 'assertion'))).to.match(/2 elements carry the ID/);
  });

  it('refuses a changed signed element (digest) and a SignatureValue from another key', () => {
    const xml = createResponseSigner(signingMaterial()).issue(sampleResponseInput({ signing: 'assertion' }));
    expect(refusal(() => ours(xml.replace('jane.doe@example.com</saml:NameID>', 'admin@example.com</saml:NameID>'), 'assertion'))).to.match(
      /^digest of #_assertion/,
    );
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = resigned(
      'assertion',
      { c14n: ALGORITHMS.excC14n, transforms: [ALGORITHMS.envelopedSignature, ALGORITHMS.excC14n] },
      {
        privateKeyPem: other.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
      },
    );
    expect(refusal(() => ours(forged, 'assertion'))).to.equal('certificate 1: SignatureValue does not match');
  });

  it('does not verify an ECDSA signature labelled rsa-sha256 with a configured EC key (algorithm confusion)', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const xml = resigned(
      'assertion',
      { c14n: ALGORITHMS.excC14n, transforms: [ALGORITHMS.envelopedSignature, ALGORITHMS.excC14n] },
      {
        privateKeyPem: ec.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
      },
    );
    const ecPem = ec.publicKey.export({ format: 'pem', type: 'spki' }) as string;
    let thrown: unknown;
    try {
      verifyEnvelopedSignature(xml, signatureOf(xml, 'assertion'), [ecPem]);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).to.be.instanceOf(XmlSignatureError);
    expect((thrown as XmlSignatureError).code).to.equal('signature_invalid');
    expect(((thrown as XmlSignatureError).details as { problem: string }).problem).to.match(/ec key, not RSA/);
  });

  it('refuses a transform chain other than enveloped-signature then one canonicalization (saml-core §5.4.4)', () => {
    const reordered = resigned('assertion', { c14n: ALGORITHMS.excC14n, transforms: [ALGORITHMS.excC14n, ALGORITHMS.envelopedSignature] });
    const twice = resigned('assertion', {
      c14n: ALGORITHMS.excC14n,
      transforms: [ALGORITHMS.envelopedSignature, ALGORITHMS.excC14n, ALGORITHMS.excC14n],
    });
    for (const xml of [reordered, twice]) {
      let code: string | undefined;
      try {
        checkSignatureAlgorithms(signatureOf(xml, 'assertion'), { allowSha1: false });
      } catch (err) {
        code = (err as XmlSignatureError).code;
      }
      expect(code).to.equal('signature_algorithm_forbidden');
    }
  });

  it('parses each certificate once and keeps at most 64 keys', () => {
    const pem = signingMaterial().certificatePem;
    expect(verificationKey(pem)).to.equal(verificationKey(pem));
    expect(verificationKey(pem).equals(createPublicKey(pem))).to.equal(true);
    for (let i = 0; i < 70; i++) {
      verificationKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'pem', type: 'spki' }) as string);
    }
    expect(cachedVerificationKeys()).to.equal(64);
  });
});
