// Catalogue — XML-level attacks: DTD, entities, XInclude, transforms, size. They must fail fast and fetch nothing.

import type { AttackCase } from '../types.js';
import { addTransform, billionLaughs, withDoctype } from '../xml-variants.js';

export function xmlCases(): AttackCase[] {
  return [
    {
      id: 'dtd',
      category: 'xml',
      title: 'internal DTD',
      build: (g) => withDoctype(g.issue(), '<!DOCTYPE samlp:Response [<!ELEMENT x ANY>]>'),
      expect: { reject: 'dtd_forbidden' },
    },
    {
      id: 'external-entity',
      category: 'xml',
      title: 'external entity pointing at a local canary server (XXE)',
      build: (g) => withDoctype(g.issue(), `<!DOCTYPE samlp:Response [<!ENTITY xxe SYSTEM "${g.canaryUrl}/xxe">]>`, '&xxe;'),
      expect: { reject: 'dtd_forbidden' },
    },
    {
      id: 'external-dtd',
      category: 'xml',
      title: 'external DTD subset on the canary server',
      build: (g) => withDoctype(g.issue(), `<!DOCTYPE samlp:Response SYSTEM "${g.canaryUrl}/dtd">`),
      expect: { reject: 'dtd_forbidden' },
    },
    {
      id: 'entity-expansion',
      category: 'xml',
      title: 'billion laughs entity expansion',
      build: (g) => withDoctype(g.issue(), billionLaughs(), '&lol9;'),
      expect: { reject: 'dtd_forbidden' },
    },
    {
      id: 'xinclude',
      category: 'xml',
      title: 'XInclude of the canary URL inside the signed assertion (never processed)',
      build: (g) =>
        g
          .issue({ signing: 'assertion' })
          .replace(
            '</saml:Subject>',
            `</saml:Subject><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="${g.canaryUrl}/xinclude"/>`,
          ),
      expect: { reject: 'signature_invalid' },
    },
    {
      id: 'xslt-transform',
      category: 'xml',
      title: 'XSLT transform fetching the canary URL',
      build: (g) =>
        addTransform(
          g.issue({ signing: 'assertion' }),
          `<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xslt-19991116"><xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0"><xsl:template match="/"><xsl:copy-of select="document('${g.canaryUrl}/xslt')"/></xsl:template></xsl:stylesheet></ds:Transform>`,
        ),
      expect: { reject: 'signature_algorithm_forbidden' },
    },
    {
      id: 'xpath-transform',
      category: 'xml',
      title: 'XPath filter transform',
      build: (g) =>
        addTransform(
          g.issue({ signing: 'assertion' }),
          '<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"><ds:XPath>not(self::*)</ds:XPath></ds:Transform>',
        ),
      expect: { reject: 'signature_algorithm_forbidden' },
    },
    {
      id: 'oversized',
      category: 'xml',
      title: 'a message over 256 KiB',
      build: (g) => g.issue().replace('</samlp:Response>', `<!--${'x'.repeat(300 * 1024)}--></samlp:Response>`),
      expect: { reject: 'message_too_large', status: 413 },
    },
  ];
}
