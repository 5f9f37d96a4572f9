// Catalogue — XML-level attacks: DTD, entities, XInclude, transforms, size. They must fail fast and fetch nothing.

import { type AttackCase, caseTable } from '../types.js';
import { addTransform, billionLaughs, withDoctype } from '../xml-variants.js';

export function xmlCases(): AttackCase[] {
  return [
    ...caseTable('xml', [
      ['dtd', 'internal DTD', (g) => withDoctype(g.issue(), '<!DOCTYPE samlp:Response [<!ELEMENT x ANY>]>'), { reject: 'dtd_forbidden' }],
      [
        'external-entity',
        'external entity pointing at a local canary server (XXE)',
        (g) => withDoctype(g.issue(), `<!DOCTYPE samlp:Response [<!ENTITY xxe SYSTEM "${g.canaryUrl}/xxe">]>`, '&xxe;'),
        { reject: 'dtd_forbidden' },
      ],
      [
        'external-dtd',
        'external DTD subset on the canary server',
        (g) => withDoctype(g.issue(), `<!DOCTYPE samlp:Response SYSTEM "${g.canaryUrl}/dtd">`),
        { reject: 'dtd_forbidden' },
      ],
      [
        'entity-expansion',
        'billion laughs entity expansion',
        (g) => withDoctype(g.issue(), billionLaughs(), '&lol9;'),
        { reject: 'dtd_forbidden' },
      ],
      [
        'xinclude',
        'XInclude of the canary URL inside the signed assertion (never processed)',
        (g) =>
          g
            .issue({ signing: 'assertion' })
            .replace(
              '</saml:Subject>',
              `</saml:Subject><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="${g.canaryUrl}/xinclude"/>`,
            ),
        { reject: 'signature_invalid' },
      ],
      [
        'xslt-transform',
        'XSLT transform fetching the canary URL',
        (g) =>
          addTransform(
            g.issue({ signing: 'assertion' }),
            `<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xslt-19991116"><xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0"><xsl:template match="/"><xsl:copy-of select="document('${g.canaryUrl}/xslt')"/></xsl:template></xsl:stylesheet></ds:Transform>`,
          ),
        { reject: 'signature_algorithm_forbidden' },
      ],
      [
        'xpath-transform',
        'XPath filter transform',
        (g) =>
          addTransform(
            g.issue({ signing: 'assertion' }),
            '<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"><ds:XPath>not(self::*)</ds:XPath></ds:Transform>',
          ),
        { reject: 'signature_algorithm_forbidden' },
      ],
      [
        'oversized',
        'a message over 256 KiB',
        (g) => g.issue().replace('</samlp:Response>', `<!--${'x'.repeat(300 * 1024)}--></samlp:Response>`),
        { reject: 'message_too_large', status: 413 },
      ],
    ]),
  ];
}
