// Catalogue — XSW1–XSW8 and hiding places: signature wrapping must never let a forged assertion through.
import { SIGNATURE } from '../tamper.js';
import type { AttackCase } from '../types.js';
import { hideIn, xsw1, xsw2, xsw3, xsw4, xsw5, xsw6, xsw7, xsw8 } from '../xsw.js';

export function wrappingCases(): AttackCase[] {
  return [
    {
      id: 'xsw1',
      category: 'xsw',
      title: 'XSW1: evil Response, original signed Response inside its Signature',
      build: xsw1,
      expect: { reject: 'multiple_assertions' },
    },
    {
      id: 'xsw2',
      category: 'xsw',
      title: 'XSW2: evil Response, original signed Response before a detached Signature',
      build: xsw2,
      expect: { reject: 'multiple_assertions' },
    },
    {
      id: 'xsw3',
      category: 'xsw',
      title: 'XSW3: evil assertion inserted before the signed one',
      build: (g) => xsw3(g),
      expect: { reject: 'multiple_assertions' },
    },
    {
      id: 'xsw3-same-id',
      category: 'xsw',
      title: 'XSW3 with the evil assertion reusing the signed ID',
      build: (g) => xsw3(g, true),
      expect: { reject: 'multiple_assertions' },
    },
    {
      id: 'xsw4',
      category: 'xsw',
      title: 'XSW4: evil assertion wrapping the signed one',
      build: (g) => xsw4(g),
      expect: { reject: 'multiple_assertions' },
    },
    {
      id: 'xsw4-same-id',
      category: 'xsw',
      title: 'XSW4 with the wrapper reusing the signed ID',
      build: (g) => xsw4(g, true),
      expect: { reject: 'multiple_assertions' },
    },
    {
      id: 'xsw5',
      category: 'xsw',
      title: 'XSW5: evil assertion carries the signature, unsigned original appended',
      build: xsw5,
      expect: { reject: 'multiple_assertions' },
    },
    {
      id: 'xsw6',
      category: 'xsw',
      title: 'XSW6: evil assertion carries the signature, original inside the signature',
      build: xsw6,
      expect: { reject: 'multiple_assertions' },
    },
    {
      id: 'xsw7',
      category: 'xsw',
      title: 'XSW7: signed assertion in samlp:Extensions, evil one in its place',
      build: xsw7,
      expect: { reject: 'multiple_assertions' },
    },
    {
      id: 'xsw8',
      category: 'xsw',
      title: 'XSW8: original assertion inside the ds:Object of the evil one’s signature',
      build: xsw8,
      expect: { reject: 'multiple_assertions' },
    },
    {
      id: 'hide-advice',
      category: 'xsw',
      title: 'signed assertion hidden in saml:Advice of a forged one',
      build: (g) => hideIn(g, 'advice'),
      expect: { reject: 'multiple_assertions' },
    },
    {
      id: 'hide-status-detail',
      category: 'xsw',
      title: 'signed assertion hidden in samlp:StatusDetail, forged one in its place',
      build: (g) => hideIn(g, 'statusDetail'),
      expect: { reject: 'multiple_assertions' },
    },
    {
      id: 'stray-signature-in-extensions',
      category: 'xsw',
      title: 'a copy of a valid signature parked in samlp:Extensions of an unsigned forged Response',
      build: (g) => {
        const signedXml = g.issue({ signing: 'assertion' });
        const sig = SIGNATURE.exec(signedXml)?.[0] ?? '';
        const forged = signedXml.replace(sig, '').replace(/>jdoe</g, '>admin<');
        return forged.replace('</saml:Issuer>', `</saml:Issuer><samlp:Extensions>${sig}</samlp:Extensions>`);
      },
      expect: { reject: 'unexpected_signature' },
    },
    {
      id: 'signature-referencing-elsewhere',
      category: 'xsw',
      title: 'the Response signature references the Assertion instead of the Response',
      build: (g) => {
        const xml = g.issue({ signing: 'response' });
        const assertionId = /<saml:Assertion[^>]* ID="([^"]+)"/.exec(xml)?.[1] ?? '';
        const responseId = /<samlp:Response[^>]* ID="([^"]+)"/.exec(xml)?.[1] ?? '';
        return xml.replace(`URI="#${responseId}"`, `URI="#${assertionId}"`);
      },
      expect: { reject: 'unexpected_signature' },
    },
  ];
}
