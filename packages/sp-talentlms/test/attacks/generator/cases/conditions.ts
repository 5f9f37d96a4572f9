// Catalogue — conditions (time, audience, recipient, destination, issuer, status) and replay.
import type { ResponseOverrides } from '../../../helpers/harness.js';
import { resign } from '../resign.js';
import type { AttackCase } from '../types.js';

export function conditionCases(): AttackCase[] {
  return [
    {
      id: 'expired',
      category: 'conditions',
      title: 'expired (issued an hour ago, 5-minute lifetime)',
      build: (g) => g.issue(shift(g.now, -3600)),
      expect: { reject: 'expired' },
    },
    {
      id: 'not-yet-valid',
      category: 'conditions',
      title: 'not yet valid (NotBefore an hour ahead)',
      build: (g) => g.issue(shift(g.now, 3600)),
      expect: { reject: 'not_yet_valid' },
    },
    {
      id: 'other-audience',
      category: 'conditions',
      title: 'Audience is another SP',
      build: (g) => g.issue({ assertion: { audience: 'https://other-sp.example.test' } }),
      expect: { reject: 'audience_mismatch' },
    },
    {
      id: 'second-audience-restriction',
      category: 'conditions',
      title: 'a second AudienceRestriction naming another SP (validly signed by the IdP)',
      build: (g) =>
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
      expect: { reject: 'audience_mismatch' },
    },
    {
      id: 'wrong-recipient',
      category: 'conditions',
      title: 'SubjectConfirmationData Recipient is another ACS (validly signed)',
      build: (g) =>
        resign(
          g.issue({ signing: 'assertion' }).replace(/Recipient="[^"]+"/, 'Recipient="https://evil.example.test/acs"'),
          'assertion',
          g.idp,
        ),
      expect: { reject: 'recipient_mismatch' },
    },
    {
      id: 'wrong-destination',
      category: 'conditions',
      title: 'Destination is another ACS',
      build: (g) => g.issue({ destination: 'https://evil.example.test/acs' }),
      expect: { reject: 'destination_mismatch' },
    },
    {
      id: 'wrong-issuer',
      category: 'conditions',
      title: 'Issuer is another IdP',
      build: (g) => g.issue({ issuer: 'https://evil-idp.example.test' }),
      expect: { reject: 'issuer_mismatch' },
    },
    {
      id: 'unknown-in-response-to',
      category: 'conditions',
      title: 'InResponseTo names a request the SP never made',
      build: (g) => g.issue({ inResponseTo: '_never_sent' }),
      expect: { reject: 'unknown_in_response_to' },
    },
    {
      id: 'status-not-success-with-assertion',
      category: 'conditions',
      title: 'Status Requester next to a validly signed assertion',
      build: (g) =>
        g
          .issue({ signing: 'assertion' })
          .replace('urn:oasis:names:tc:SAML:2.0:status:Success', 'urn:oasis:names:tc:SAML:2.0:status:Requester'),
      expect: { reject: 'status_not_success' },
    },

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
