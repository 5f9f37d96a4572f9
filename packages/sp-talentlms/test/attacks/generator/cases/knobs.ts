// Catalogue — SSO settings (knobs), both ways.
import type { AttackCase, Expectation, Genuine } from '../types.js';

const ACCEPTED: Expectation = { accept: 'jdoe' };
const refused = (reason: string): Expectation => ({ reject: reason });

const responseOnly = (g: Genuine) => g.issue({ signing: 'response' });
const assertionSigned = (g: Genuine) => g.issue({ signing: 'assertion' });
const bothSigned = (g: Genuine) => g.issue({ signing: 'both' });
const rsaSha1 = (g: Genuine) => g.issue({ signatureAlgorithm: 'rsa-sha1' });
const idpInitiated = (g: Genuine) => g.issue();

/**
 * One boolean SSO setting turned `on` or off, the message posted (`message`, as the title names it) and the answer;
 * the title reads "<setting> on|off: <message> accepted|refused".
 */
function toggled(
  id: string,
  setting: string,
  on: boolean,
  message: string,
  build: (g: Genuine) => string,
  expect: Expectation,
): AttackCase {
  const outcome = 'accept' in expect ? 'accepted' : 'refused';
  return {
    id,
    category: 'knob',
    settings: { [setting]: on },
    title: `${setting} ${on ? 'on' : 'off'}: ${message} ${outcome}`,
    build,
    expect,
  };
}

export function knobCases(): AttackCase[] {
  return [
    toggled('knob-require-assertion-off-response-only', 'requireSignedAssertion', false, 'Response-only', responseOnly, ACCEPTED),
    toggled(
      'knob-require-assertion-on-response-only',
      'requireSignedAssertion',
      true,
      'Response-only',
      responseOnly,
      refused('assertion_signature_required'),
    ),
    toggled('knob-require-assertion-on-assertion', 'requireSignedAssertion', true, 'assertion-signed', assertionSigned, ACCEPTED),
    toggled('knob-require-assertion-on-both', 'requireSignedAssertion', true, 'both-signed', bothSigned, ACCEPTED),
    toggled('knob-sha1-off', 'allowSha1', false, 'RSA-SHA1', rsaSha1, refused('signature_algorithm_forbidden')),
    toggled('knob-sha1-on', 'allowSha1', true, 'RSA-SHA1', rsaSha1, ACCEPTED),
    toggled('knob-unsolicited-off', 'allowUnsolicited', false, 'IdP-initiated', idpInitiated, refused('unsolicited_not_allowed')),
    toggled('knob-unsolicited-on', 'allowUnsolicited', true, 'IdP-initiated', idpInitiated, ACCEPTED),
    {
      id: 'knob-pem-no-keyinfo',
      category: 'knob',
      settings: { certificateFingerprints: [], certificatePem: '$IDP_PEM' },
      title: 'PEM trust: a genuine signature without KeyInfo is verified with the configured PEM',
      build: (g) => assertionSigned(g).replace(/<ds:KeyInfo>[\s\S]*?<\/ds:KeyInfo>/, ''),
      expect: ACCEPTED,
    },
  ];
}
