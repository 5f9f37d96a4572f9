// Catalogue — comments / CDATA / PIs in identity values: only the full signed string counts; PIs are refused.
import { resign } from '../resign.js';
import { splitValue, withIdentity } from '../tamper.js';
import { type AttackCase, caseTable } from '../types.js';

export function contentCases(): AttackCase[] {
  return [
    ...caseTable('content', [
      [
        'comment-in-nameid',
        'comment inside NameID and Username (“jdoe<!---->.attacker”): only the full signed string counts',
        (g) =>
          splitValue(g.issue({ signing: 'assertion', ...withIdentity('jdoe.attacker') }), 'jdoe.attacker', 4, (h, t) => `${h}<!---->${t}`),
        { accept: 'jdoe.attacker' },
      ],
      [
        'cdata-in-nameid',
        'CDATA inside NameID and Username: read as the full signed string',
        (g) =>
          splitValue(
            g.issue({ signing: 'assertion', ...withIdentity('jdoe.attacker') }),
            'jdoe.attacker',
            4,
            (h, t) => `${h}<![CDATA[${t}]]>`,
          ),
        { accept: 'jdoe.attacker' },
      ],
      [
        'pi-in-nameid',
        'processing instruction inside NameID and Username: refused before any signature is looked at',
        (g) =>
          splitValue(
            g.issue({ signing: 'assertion', ...withIdentity('jdoe.attacker') }),
            'jdoe.attacker',
            4,
            (h, t) => `${h}<?evil x?>${t}`,
          ),
        { reject: 'processing_instruction_forbidden' },
      ],
      [
        'pi-in-nameid-signed',
        'processing instruction inside NameID and Username, validly signed by the IdP key (“ad<?x y?>min”): refused',
        (g) =>
          resign(
            splitValue(g.issue({ signing: 'assertion', ...withIdentity('admin') }), 'admin', 2, (h, t) => `${h}<?x y?>${t}`),
            'assertion',
            g.idp,
          ),
        { reject: 'processing_instruction_forbidden' },
      ],
      [
        'comment-in-nameid-response-signed',
        'comment inside NameID of a Response-only signed message: full signed string',
        (g) =>
          splitValue(g.issue({ signing: 'response', ...withIdentity('jdoe.attacker') }), 'jdoe.attacker', 4, (h, t) => `${h}<!---->${t}`),
        { accept: 'jdoe.attacker' },
      ],
    ]),
  ];
}
