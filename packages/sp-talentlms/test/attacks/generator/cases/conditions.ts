// Catalogue — conditions (time, audience, recipient, destination, issuer, status) and replay.
import type { ResponseOverrides } from '../../../helpers/harness.js';
import { resign } from '../resign.js';
import { type AttackCase, caseTable } from '../types.js';

export function conditionCases(): AttackCase[] {
  return [
    ...caseTable('conditions', [
      ['expired', 'expired (issued an hour ago, 5-minute lifetime)', (g) => g.issue(shift(g.now, -3600)), { reject: 'expired' }],
      ['not-yet-valid', 'not yet valid (NotBefore an hour ahead)', (g) => g.issue(shift(g.now, 3600)), { reject: 'not_yet_valid' }],
      [
        'other-audience',
        'Audience is another SP',
        (g) => g.issue({ assertion: { audience: 'https://other-sp.example.test' } }),
        { reject: 'audience_mismatch' },
      ],
      [
        'second-audience-restriction',
        'a second AudienceRestriction naming another SP (validly signed by the IdP)',
        (g) =>
          resign(
            g
              .issue({ signing: 'assertion' })
              .replace(
                '</saml:AudienceRestriction>',
                '</saml:AudienceRestriction><saml:AudienceRestriction><saml:Audience>https://other-sp.example.test</saml:Audience></saml:AudienceRestriction>',
              ),
            'assertion',
            g.idp,
          ),
        { reject: 'audience_mismatch' },
      ],
      [
        'wrong-recipient',
        'SubjectConfirmationData Recipient is another ACS (validly signed)',
        (g) =>
          resign(
            g.issue({ signing: 'assertion' }).replace(/Recipient="[^"]+"/, 'Recipient="https://evil.example.test/acs"'),
            'assertion',
            g.idp,
          ),
        { reject: 'recipient_mismatch' },
      ],
      [
        'wrong-destination',
        'Destination is another ACS',
        (g) => g.issue({ destination: 'https://evil.example.test/acs' }),
        { reject: 'destination_mismatch' },
      ],
      ['wrong-issuer', 'Issuer is another IdP', (g) => g.issue({ issuer: 'https://evil-idp.example.test' }), { reject: 'issuer_mismatch' }],
      [
        'unknown-in-response-to',
        'InResponseTo names a request the SP never made',
        (g) => g.issue({ inResponseTo: '_never_sent' }),
        { reject: 'unknown_in_response_to' },
      ],
      [
        'status-not-success-with-assertion',
        'Status Requester next to a validly signed assertion',
        (g) =>
          g
            .issue({ signing: 'assertion' })
            .replace('urn:oasis:names:tc:SAML:2.0:status:Success', 'urn:oasis:names:tc:SAML:2.0:status:Requester'),
        { reject: 'status_not_success' },
      ],
    ]),

    // replay
    {
      id: 'replay-same-bytes',
      category: 'replay',
      title: 'the same accepted Response posted again',
      prime: (g) => ({ first: g.issue(), replay: (first) => first }),
      expect: { reject: 'replayed_assertion' },
    },
    {
      id: 'replay-assertion-in-fresh-response',
      category: 'replay',
      title: 'an accepted signed assertion wrapped in a fresh unsigned Response',
      prime: (g) => ({
        first: g.issue({ signing: 'assertion' }),
        replay: (first) => first.replace(/(<samlp:Response[^>]* ID=")[^"]+/, '$1_fresh_response'),
      }),
      expect: { reject: 'replayed_assertion' },
    },
  ];
}

/** All time fields moved by `seconds` (issue, validity window, subject confirmation). */
function shift(from: Date, seconds: number): ResponseOverrides {
  const at = (base: number) => new Date(base + seconds * 1000);
  const now = from.getTime();
  return {
    issueInstant: at(now),
    assertion: {
      notBefore: at(now - 60_000),
      notOnOrAfter: at(now + 300_000),
      subjectNotOnOrAfter: at(now + 300_000),
      authnInstant: at(now),
    },
  };
}
