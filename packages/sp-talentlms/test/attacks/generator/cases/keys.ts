// Catalogue — keys: untrusted, cloned, bare KeyValue, missing KeyInfo, HMAC key confusion.
import { hmacForgery, keyValueOnly } from '../resign.js';
import type { AttackCase } from '../types.js';

export function keyCases(): AttackCase[] {
  return [
    {
      id: 'attacker-self-signed',
      category: 'key',
      title: 'signed by the attacker, self-signed certificate in KeyInfo',
      build: (g) => g.issueWith(g.attacker),
      expect: { reject: 'untrusted_certificate' },
    },
    {
      id: 'attacker-cloned-subject',
      category: 'key',
      title: 'signed by the attacker with a certificate cloning the IdP’s subject and serial',
      build: (g) => g.issueWith(g.clone),
      expect: { reject: 'untrusted_certificate' },
    },
    {
      id: 'attacker-cloned-subject-pem-trust',
      category: 'key',
      title: 'cloned-subject certificate when the SP trusts a PEM (not fingerprints)',
      settings: { certificateFingerprints: [], certificatePem: '$IDP_PEM' },
      build: (g) => g.issueWith(g.clone),
      expect: { reject: 'untrusted_certificate' },
    },
    {
      id: 'idp-cert-over-attacker-signature',
      category: 'key',
      title: 'the IdP certificate in KeyInfo over a signature made by the attacker',
      build: (g) =>
        g
          .issueWith(g.attacker, { signing: 'assertion' })
          .replace(/<ds:X509Certificate>[^<]+</, `<ds:X509Certificate>${g.idp.certificatePem.replace(/-----[^-]+-----|\s/g, '')}<`),
      expect: { reject: 'signature_invalid' },
    },
    {
      id: 'keyvalue-only',
      category: 'key',
      title: 'attacker signature with a bare KeyValue (no certificate)',
      build: keyValueOnly,
      expect: { reject: 'untrusted_certificate' },
    },
    {
      id: 'keyvalue-only-pem-trust',
      category: 'key',
      title: 'attacker signature with a bare KeyValue when the SP trusts a PEM: verified with the PEM, fails',
      settings: { certificateFingerprints: [], certificatePem: '$IDP_PEM' },
      build: keyValueOnly,
      expect: { reject: 'signature_invalid' },
    },
    {
      id: 'no-keyinfo-fingerprint-trust',
      category: 'key',
      title: 'genuine signature without KeyInfo when only fingerprints are configured',
      build: (g) => g.issue({ signing: 'assertion' }).replace(/<ds:KeyInfo>[\s\S]*?<\/ds:KeyInfo>/, ''),
      expect: { reject: 'untrusted_certificate' },
    },
    {
      id: 'hmac-with-idp-certificate',
      category: 'key',
      title: 'HMAC-SHA1 signature keyed with the IdP certificate',
      build: hmacForgery,
      expect: { reject: 'signature_algorithm_forbidden' },
    },
  ];
}
