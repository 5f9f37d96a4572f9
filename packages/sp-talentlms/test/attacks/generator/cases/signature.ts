// Catalogue — signature removed / tampered.
import { assertionOf, evilAssertion, parse, root, serialize } from '../dom.js';
import { DIGEST, flipBase64Char, removeAssertionSignature, SIGNATURE, SIGVALUE } from '../tamper.js';
import { type AttackCase, caseTable } from '../types.js';

export function signatureCases(): AttackCase[] {
  return [
    ...caseTable('signature', [
      [
        'signature-removed-all',
        'every signature removed',
        (g) => g.issue({ signing: 'both' }).replace(new RegExp(SIGNATURE.source, 'g'), ''),
        { reject: 'signature_missing' },
      ],
      [
        'signature-removed-assertion',
        'assertion signature removed from a both-signed Response (the Response digest covers it)',
        (g) => removeAssertionSignature(g.issue({ signing: 'both' })),
        { reject: 'signature_invalid' },
      ],
    ]),
    {
      id: 'signature-removed-assertion-required',
      category: 'knob',
      settings: { requireSignedAssertion: true },
      title: 'assertion signature removed when the SP requires a signed assertion',
      build: (g) => removeAssertionSignature(g.issue({ signing: 'both' })),
      expect: { reject: 'assertion_signature_required' },
    },
    ...caseTable('signature', [
      [
        'digest-tampered',
        'DigestValue altered',
        (g) =>
          g.issue({ signing: 'assertion' }).replace(DIGEST, (_m, d: string) => `<ds:DigestValue>${flipBase64Char(d, 5)}</ds:DigestValue>`),
        { reject: 'signature_invalid' },
      ],
      [
        'signature-value-tampered',
        'SignatureValue altered',
        (g) =>
          g
            .issue({ signing: 'assertion' })
            .replace(SIGVALUE, (_m, v: string) => `<ds:SignatureValue>${flipBase64Char(v, 20)}</ds:SignatureValue>`),
        { reject: 'signature_invalid' },
      ],
      [
        'signed-content-tampered',
        'NameID changed inside the signed assertion',
        (g) => g.issue({ signing: 'assertion' }).replace(/>jdoe</g, '>admin<'),
        { reject: 'signature_invalid' },
      ],
      [
        'both-signed-response-signature-broken',
        'both signed: valid Assertion signature, broken Response signature',
        (g) => {
          const xml = g.issue({ signing: 'both' });
          // The first SignatureValue is the Response's (it follows the Response Issuer).
          return xml.replace(SIGVALUE, (_m, v: string) => `<ds:SignatureValue>${flipBase64Char(v, 20)}</ds:SignatureValue>`);
        },
        { reject: 'signature_invalid' },
      ],
      [
        'both-signed-response-content-changed',
        'both signed: Response-level content changed (Response digest no longer matches)',
        (g) => g.issue({ signing: 'both' }).replace(/(<samlp:Response[^>]*IssueInstant=")[^"]+/, '$12020-01-01T00:00:00Z'),
        { reject: 'signature_invalid' },
      ],
      [
        'comment-in-digest-value',
        'a comment inside DigestValue (CVE-2025-29775)',
        (g) =>
          g
            .issue({ signing: 'assertion' })
            .replace(DIGEST, (_m, d: string) => `<ds:DigestValue>${d.slice(0, 10)}<!-- -->${d.slice(10)}</ds:DigestValue>`),
        { reject: 'malformed_signature' },
      ],
      [
        'several-signed-info',
        'two SignedInfo elements in one Signature (CVE-2025-29774)',
        (g) => {
          const xml = g.issue({ signing: 'assertion' });
          const signedInfo = /<ds:SignedInfo>[\s\S]*?<\/ds:SignedInfo>/.exec(xml)?.[0] ?? '';
          return xml.replace(signedInfo, `${signedInfo}${signedInfo.replace(/URI="#[^"]+"/, 'URI="#_evil"')}`);
        },
        { reject: 'malformed_signature' },
      ],
      [
        'second-unsigned-assertion',
        'a second, unsigned assertion appended after the signed one',
        (g) => {
          const doc = parse(g.issue({ signing: 'assertion' }));
          root(doc).appendChild(evilAssertion(assertionOf(doc)));
          return serialize(doc);
        },
        { reject: 'multiple_assertions' },
      ],
    ]),
  ];
}
