// Catalogue — keys: untrusted, cloned, bare KeyValue, missing KeyInfo, HMAC key confusion.
import { hmacForgery, keyValueOnly } from '../resign.js';
import { type AttackCase, caseTable } from '../types.js';

export function keyCases(): AttackCase[] {
  return [
    ...caseTable('key', [
      [
        'attacker-self-signed',
        'signed by the attacker, self-signed certificate in KeyInfo',
        (g) => g.issueWith(g.attacker),
        { reject: 'untrusted_certificate' },
      ],
      [
        'attacker-cloned-subject',
        'signed by the attacker with a certificate cloning the IdP’s subject and serial',
        (g) => g.issueWith(g.clone),
        { reject: 'untrusted_certificate' },
      ],
    ]),
    {
      id: 'attacker-cloned-subject-pem-trust',
      category: 'key',
      title: 'cloned-subject certificate when the SP trusts a PEM (not fingerprints)',
      settings: { certificateFingerprints: [], certificatePem: '$IDP_PEM' },
      build: (g) => g.issueWith(g.clone),
      expect: { reject: 'untrusted_certificate' },
    },
    ...caseTable('key', [
      [
        'idp-cert-over-attacker-signature',
        'the IdP certificate in KeyInfo over a signature made by the attacker',
        (g) =>
          g
            .issueWith(g.attacker, { signing: 'assertion' })
            .replace(/<ds:X509Certificate>[^<]+</, `<ds:X509Certificate>${g.idp.certificatePem.replace(/-----[^-]+-----|\s/g, '')}<`),
        { reject: 'signature_invalid' },
      ],
      ['keyvalue-only', 'attacker signature with a bare KeyValue (no certificate)', keyValueOnly, { reject: 'untrusted_certificate' }],
    ]),
    {
      id: 'keyvalue-only-pem-trust',
      category: 'key',
      title: 'attacker signature with a bare KeyValue when the SP trusts a PEM: verified with the PEM, fails',
      settings: { certificateFingerprints: [], certificatePem: '$IDP_PEM' },
      build: keyValueOnly,
      expect: { reject: 'signature_invalid' },
    },
    ...caseTable('key', [
      [
        'no-keyinfo-fingerprint-trust',
        'genuine signature without KeyInfo when only fingerprints are configured',
        (g) => g.issue({ signing: 'assertion' }).replace(/<ds:KeyInfo>[\s\S]*?<\/ds:KeyInfo>/, ''),
        { reject: 'untrusted_certificate' },
      ],
      [
        'hmac-with-idp-certificate',
        'HMAC-SHA1 signature keyed with the IdP certificate',
        hmacForgery,
        { reject: 'signature_algorithm_forbidden' },
      ],
    ]),
  ];
}
