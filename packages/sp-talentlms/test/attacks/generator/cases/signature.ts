// Catalogue — signature removed / tampered.
import { assertionOf, evilAssertion, parse, root, serialize } from '../dom.js';
import { DIGEST, flipBase64Char, removeAssertionSignature, SIGNATURE, SIGVALUE } from '../tamper.js';
import type { AttackCase } from '../types.js';

export function signatureCases(): AttackCase[] {
  return [
    {
      id: 'signature-removed-all',
      category: 'signature',
      title: 'every signature removed',
      build: (g) => g.issue({ signing: 'both' }).replace(new RegExp(SIGNATURE.source, 'g'), ''),
      expect: { reject: 'signature_missing' },
    },
    {
      id: 'signature-removed-assertion',
      category: 'signature',
      title: 'assertion signature removed from a both-signed Response (the Response digest covers it)',
      build: (g) => removeAssertionSignature(g.issue({ signing: 'both' })),
      expect: { reject: 'signature_invalid' },
    },
    {
      id: 'signature-removed-assertion-required',
      category: 'knob',
      settings: { requireSignedAssertion: true },
      title: 'assertion signature removed when the SP requires a signed assertion',
      build: (g) => removeAssertionSignature(g.issue({ signing: 'both' })),
      expect: { reject: 'assertion_signature_required' },
    },
    {
      id: 'digest-tampered',
      category: 'signature',
      title: 'DigestValue altered',
      build: (g) =>
        g.issue({ signing: 'assertion' }).replace(DIGEST, (_m, d: string) => `<ds:DigestValue>${flipBase64Char(d, 5)}</ds:DigestValue>`),
      expect: { reject: 'signature_invalid' },
    },
    {
      id: 'signature-value-tampered',
      category: 'signature',
      title: 'SignatureValue altered',
      build: (g) =>
        g
          .issue({ signing: 'assertion' })
          .replace(SIGVALUE, (_m, v: string) => `<ds:SignatureValue>${flipBase64Char(v, 20)}</ds:SignatureValue>`),
      expect: { reject: 'signature_invalid' },
    },
    {
      id: 'signed-content-tampered',
      category: 'signature',
      title: 'NameID changed inside the signed assertion',
      build: (g) => g.issue({ signing: 'assertion' }).replace(/>jdoe</g, '>admin<'),
      expect: { reject: 'signature_invalid' },
    },
    {
      id: 'both-signed-response-signature-broken',
      category: 'signature',
      title: 'both signed: valid Assertion signature, broken Response signature',
      build: (g) => {
        const xml = g.issue({ signing: 'both' });
        // The first SignatureValue is the Response's (it follows the Response Issuer).
        return xml.replace(SIGVALUE, (_m, v: string) => `<ds:SignatureValue>${flipBase64Char(v, 20)}</ds:SignatureValue>`);
      },
      expect: { reject: 'signature_invalid' },
    },
    {
      id: 'both-signed-response-content-changed',
      category: 'signature',
      title: 'both signed: Response-level content changed (Response digest no longer matches)',
      build: (g) => g.issue({ signing: 'both' }).replace(/(<samlp:Response[^>]*IssueInstant=")[^"]+/, '$12020-01-01T00:00:00Z'),
      expect: { reject: 'signature_invalid' },
    },
    {
      id: 'comment-in-digest-value',
      category: 'signature',
      title: 'a comment inside DigestValue (CVE-2025-29775)',
      build: (g) =>
        g
          .issue({ signing: 'assertion' })
          .replace(DIGEST, (_m, d: string) => `<ds:DigestValue>${d.slice(0, 10)}<!-- -->${d.slice(10)}</ds:DigestValue>`),
      expect: { reject: 'malformed_signature' },
    },
    {
      id: 'several-signed-info',
      category: 'signature',
      title: 'two SignedInfo elements in one Signature (CVE-2025-29774)',
      build: (g) => {
        const xml = g.issue({ signing: 'assertion' });
        const signedInfo = /<ds:SignedInfo>[\s\S]*?<\/ds:SignedInfo>/.exec(xml)?.[0] ?? '';
        return xml.replace(signedInfo, `${signedInfo}${signedInfo.replace(/URI="#[^"]+"/, 'URI="#_evil"')}`);
      },
      expect: { reject: 'malformed_signature' },
    },
    {
      id: 'second-unsigned-assertion',
      category: 'signature',
      title: 'a second, unsigned assertion appended after the signed one',
      build: (g) => {
        const doc = parse(g.issue({ signing: 'assertion' }));
        root(doc).appendChild(evilAssertion(assertionOf(doc)));
        return serialize(doc);
      },
      expect: { reject: 'multiple_assertions' },
    },
  ];
}
