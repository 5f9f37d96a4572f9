// Catalogue — SSO settings (knobs), both ways.
import type { AttackCase } from '../types.js';

export function knobCases(): AttackCase[] {
  return [
    {
      id: 'knob-require-assertion-off-response-only',
      category: 'knob',
      settings: { requireSignedAssertion: false },
      title: 'requireSignedAssertion off: Response-only accepted',
      build: (g) => g.issue({ signing: 'response' }),
      expect: { accept: 'jdoe' },
    },
    {
      id: 'knob-require-assertion-on-response-only',
      category: 'knob',
      settings: { requireSignedAssertion: true },
      title: 'requireSignedAssertion on: Response-only refused',
      build: (g) => g.issue({ signing: 'response' }),
      expect: { reject: 'assertion_signature_required' },
    },
    {
      id: 'knob-require-assertion-on-assertion',
      category: 'knob',
      settings: { requireSignedAssertion: true },
      title: 'requireSignedAssertion on: assertion-signed accepted',
      build: (g) => g.issue({ signing: 'assertion' }),
      expect: { accept: 'jdoe' },
    },
    {
      id: 'knob-require-assertion-on-both',
      category: 'knob',
      settings: { requireSignedAssertion: true },
      title: 'requireSignedAssertion on: both-signed accepted',
      build: (g) => g.issue({ signing: 'both' }),
      expect: { accept: 'jdoe' },
    },
    {
      id: 'knob-sha1-off',
      category: 'knob',
      settings: { allowSha1: false },
      title: 'allowSha1 off: RSA-SHA1 refused',
      build: (g) => g.issue({ signatureAlgorithm: 'rsa-sha1' }),
      expect: { reject: 'signature_algorithm_forbidden' },
    },
    {
      id: 'knob-sha1-on',
      category: 'knob',
      settings: { allowSha1: true },
      title: 'allowSha1 on: RSA-SHA1 accepted',
      build: (g) => g.issue({ signatureAlgorithm: 'rsa-sha1' }),
      expect: { accept: 'jdoe' },
    },
    {
      id: 'knob-unsolicited-off',
      category: 'knob',
      settings: { allowUnsolicited: false },
      title: 'allowUnsolicited off: IdP-initiated refused',
      build: (g) => g.issue(),
      expect: { reject: 'unsolicited_not_allowed' },
    },
    {
      id: 'knob-unsolicited-on',
      category: 'knob',
      settings: { allowUnsolicited: true },
      title: 'allowUnsolicited on: IdP-initiated accepted',
      build: (g) => g.issue(),
      expect: { accept: 'jdoe' },
    },
    {
      id: 'knob-pem-no-keyinfo',
      category: 'knob',
      settings: { certificateFingerprints: [], certificatePem: '$IDP_PEM' },
      title: 'PEM trust: a genuine signature without KeyInfo is verified with the configured PEM',
      build: (g) => g.issue({ signing: 'assertion' }).replace(/<ds:KeyInfo>[\s\S]*?<\/ds:KeyInfo>/, ''),
      expect: { accept: 'jdoe' },
    },
  ];
}
