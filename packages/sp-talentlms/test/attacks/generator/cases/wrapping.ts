// Catalogue — XSW1–XSW8 and hiding places: signature wrapping must never let a forged assertion through.
import { SIGNATURE } from '../tamper.js';
import { type AttackCase, caseTable } from '../types.js';
import { hideIn, xsw1, xsw2, xsw3, xsw4, xsw5, xsw6, xsw7, xsw8 } from '../xsw.js';

export function wrappingCases(): AttackCase[] {
  return [
    ...caseTable('xsw', [
      ['xsw1', 'XSW1: evil Response, original signed Response inside its Signature', xsw1, { reject: 'multiple_assertions' }],
      ['xsw2', 'XSW2: evil Response, original signed Response before a detached Signature', xsw2, { reject: 'multiple_assertions' }],
      ['xsw3', 'XSW3: evil assertion inserted before the signed one', (g) => xsw3(g), { reject: 'multiple_assertions' }],
      ['xsw3-same-id', 'XSW3 with the evil assertion reusing the signed ID', (g) => xsw3(g, true), { reject: 'multiple_assertions' }],
      ['xsw4', 'XSW4: evil assertion wrapping the signed one', (g) => xsw4(g), { reject: 'multiple_assertions' }],
      ['xsw4-same-id', 'XSW4 with the wrapper reusing the signed ID', (g) => xsw4(g, true), { reject: 'multiple_assertions' }],
      ['xsw5', 'XSW5: evil assertion carries the signature, unsigned original appended', xsw5, { reject: 'multiple_assertions' }],
      ['xsw6', 'XSW6: evil assertion carries the signature, original inside the signature', xsw6, { reject: 'multiple_assertions' }],
      ['xsw7', 'XSW7: signed assertion in samlp:Extensions, evil one in its place', xsw7, { reject: 'multiple_assertions' }],
      ['xsw8', 'XSW8: original assertion inside the ds:Object of the evil one’s signature', xsw8, { reject: 'multiple_assertions' }],
      [
        'hide-advice',
        'signed assertion hidden in saml:Advice of a forged one',
        (g) => hideIn(g, 'advice'),
        { reject: 'multiple_assertions' },
      ],
      [
        'hide-status-detail',
        'signed assertion hidden in samlp:StatusDetail, forged one in its place',
        (g) => hideIn(g, 'statusDetail'),
        { reject: 'multiple_assertions' },
      ],
      [
        'stray-signature-in-extensions',
        'a copy of a valid signature parked in samlp:Extensions of an unsigned forged Response',
        (g) => {
          const signedXml = g.issue({ signing: 'assertion' });
          const sig = SIGNATURE.exec(signedXml)?.[0] ?? '';
          const forged = signedXml.replace(sig, '').replace(/>jdoe</g, '>admin<');
          return forged.replace('</saml:Issuer>', `</saml:Issuer><samlp:Extensions>${sig}</samlp:Extensions>`);
        },
        { reject: 'unexpected_signature' },
      ],
      [
        'signature-referencing-elsewhere',
        'the Response signature references the Assertion instead of the Response',
        (g) => {
          const xml = g.issue({ signing: 'response' });
          const assertionId = /<saml:Assertion[^>]* ID="([^"]+)"/.exec(xml)?.[1] ?? '';
          const responseId = /<samlp:Response[^>]* ID="([^"]+)"/.exec(xml)?.[1] ?? '';
          return xml.replace(`URI="#${responseId}"`, `URI="#${assertionId}"`);
        },
        { reject: 'unexpected_signature' },
      ],
    ]),
  ];
}
