// Catalogue — legitimate variants: equivalent encodings and signers the ACS must accept.
import { parse, serialize } from '../dom.js';
import { resign } from '../resign.js';
import { type AttackCase, caseTable } from '../types.js';

export function legitimateCases(): AttackCase[] {
  return [
    ...caseTable('legitimate', [
      ['legit-both', 'both signed', (g) => g.issue({ signing: 'both' }), { accept: 'jdoe' }],
      ['legit-assertion-only', 'assertion-only signed', (g) => g.issue({ signing: 'assertion' }), { accept: 'jdoe' }],
      ['legit-response-only', 'Response-only signed', (g) => g.issue({ signing: 'response' }), { accept: 'jdoe' }],
    ]),
    {
      id: 'legit-base64-line-breaks',
      category: 'legitimate',
      title: 'base64 wrapped at 76 characters with CRLF',
      rawField: true,
      build: (g) =>
        (
          Buffer.from(g.issue())
            .toString('base64')
            .match(/.{1,76}/g) ?? []
        ).join('\r\n'),
      expect: { accept: 'jdoe' },
    },
    ...caseTable('legitimate', [
      [
        'legit-reserialised',
        're-serialised equivalent XML (xmldom round trip, self-closing tags)',
        (g) => serialize(parse(g.issue())),
        { accept: 'jdoe' },
      ],
      ['legit-single-quotes', 'single-quoted attributes', (g) => g.issue().replace(/="([^"']*)"/g, "='$1'"), { accept: 'jdoe' }],
      [
        'legit-xml-declaration-and-whitespace',
        'XML declaration and whitespace between unsigned Response children',
        (g) =>
          `<?xml version="1.0" encoding="UTF-8"?>\n${g.issue({ signing: 'assertion' }).replace('</saml:Issuer>', '</saml:Issuer>\n  ').replace('<saml:Assertion', '\n  <saml:Assertion')}`,
        { accept: 'jdoe' },
      ],
      [
        'legit-xml-crypto-signed',
        'assertion signed by another XML-DSig implementation (xml-crypto) with the IdP key',
        (g) => resign(g.issue({ signing: 'assertion' }), 'assertion', g.idp),
        { accept: 'jdoe' },
      ],
    ]),
  ];
}
