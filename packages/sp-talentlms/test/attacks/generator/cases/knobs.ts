// Catalogue — SSO settings (knobs), both ways.
import type { AttackCase, Expectation, Genuine } from '../types.js';

/** One SSO setting changed, the message posted, and the answer: id, settings, title, build, expect. */
type KnobRow = [string, Record<string, unknown>, string, (g: Genuine) => string, Expectation];

export function knobCases(): AttackCase[] {
  const rows: KnobRow[] = [
    [
      'knob-require-assertion-off-response-only',
      { requireSignedAssertion: false },
      'requireSignedAssertion off: Response-only accepted',
      (g) => g.issue({ signing: 'response' }),
      { accept: 'jdoe' },
    ],
    [
      'knob-require-assertion-on-response-only',
      { requireSignedAssertion: true },
      'requireSignedAssertion on: Response-only refused',
      (g) => g.issue({ signing: 'response' }),
      { reject: 'assertion_signature_required' },
    ],
    [
      'knob-require-assertion-on-assertion',
      { requireSignedAssertion: true },
      'requireSignedAssertion on: assertion-signed accepted',
      (g) => g.issue({ signing: 'assertion' }),
      { accept: 'jdoe' },
    ],
    [
      'knob-require-assertion-on-both',
      { requireSignedAssertion: true },
      'requireSignedAssertion on: both-signed accepted',
      (g) => g.issue({ signing: 'both' }),
      { accept: 'jdoe' },
    ],
    [
      'knob-sha1-off',
      { allowSha1: false },
      'allowSha1 off: RSA-SHA1 refused',
      (g) => g.issue({ signatureAlgorithm: 'rsa-sha1' }),
      { reject: 'signature_algorithm_forbidden' },
    ],
    [
      'knob-sha1-on',
      { allowSha1: true },
      'allowSha1 on: RSA-SHA1 accepted',
      (g) => g.issue({ signatureAlgorithm: 'rsa-sha1' }),
      { accept: 'jdoe' },
    ],
    [
      'knob-unsolicited-off',
      { allowUnsolicited: false },
      'allowUnsolicited off: IdP-initiated refused',
      (g) => g.issue(),
      { reject: 'unsolicited_not_allowed' },
    ],
    [
      'knob-unsolicited-on',
      { allowUnsolicited: true },
      'allowUnsolicited on: IdP-initiated accepted',
      (g) => g.issue(),
      { accept: 'jdoe' },
    ],
    [
      'knob-pem-no-keyinfo',
      { certificateFingerprints: [], certificatePem: '$IDP_PEM' },
      'PEM trust: a genuine signature without KeyInfo is verified with the configured PEM',
      (g) => g.issue({ signing: 'assertion' }).replace(/<ds:KeyInfo>[\s\S]*?<\/ds:KeyInfo>/, ''),
      { accept: 'jdoe' },
    ],
  ];
  return rows.map(([id, settings, title, build, expect]) => ({ id, category: 'knob', settings, title, build, expect }));
}
