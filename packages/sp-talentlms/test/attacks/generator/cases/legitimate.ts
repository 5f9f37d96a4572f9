// Catalogue — legitimate variants: equivalent encodings and signers the ACS must accept.
import { parse, serialize } from '../dom.js';
import { resign } from '../resign.js';
import type { AttackCase } from '../types.js';

export function legitimateCases(): AttackCase[] {
  return [
    {
      id: 'legit-both',
      category: 'legitimate',
      title: 'both signed',
      build: (g) => g.issue({ signing: 'both' }),
      expect: { accept: 'jdoe' },
    },
    {
      id: 'legit-assertion-only',
      category: 'legitimate',
      title: 'assertion-only signed',
      build: (g) => g.issue({ signing: 'assertion' }),
      expect: { accept: 'jdoe' },
    },
    {
      id: 'legit-response-only',
      category: 'legitimate',
      title: 'Response-only signed',
      build: (g) => g.issue({ signing: 'response' }),
      expect: { accept: 'jdoe' },
    },
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
    {
      id: 'legit-reserialised',
      category: 'legitimate',
      title: 're-serialised equivalent XML (xmldom round trip, self-closing tags)',
      build: (g) => serialize(parse(g.issue())),
      expect: { accept: 'jdoe' },
    },
    {
      id: 'legit-single-quotes',
      category: 'legitimate',
      title: 'single-quoted attributes',
      build: (g) => g.issue().replace(/="([^"']*)"/g, "='$1'"),
      expect: { accept: 'jdoe' },
    },
    {
      id: 'legit-xml-declaration-and-whitespace',
      category: 'legitimate',
      title: 'XML declaration and whitespace between unsigned Response children',
      build: (g) =>
        `<?xml version="1.0" encoding="UTF-8"?>\n${g.issue({ signing: 'assertion' }).replace('</saml:Issuer>', '</saml:Issuer>\n  ').replace('<saml:Assertion', '\n  <saml:Assertion')}`,
      expect: { accept: 'jdoe' },
    },
    {
      id: 'legit-xml-crypto-signed',
      category: 'legitimate',
      title: 'assertion signed by another XML-DSig implementation (xml-crypto) with the IdP key',
      build: (g) => resign(g.issue({ signing: 'assertion' }), 'assertion', g.idp),
      expect: { accept: 'jdoe' },
    },
  ];
}
