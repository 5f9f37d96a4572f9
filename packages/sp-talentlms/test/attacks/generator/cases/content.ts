// Catalogue — comments / CDATA / PIs in identity values: only the full signed string counts.
import { splitValue, withIdentity } from '../tamper.js';
import type { AttackCase } from '../types.js';

export function contentCases(): AttackCase[] {
  return [
    {
      id: 'comment-in-nameid',
      category: 'content',
      title: 'comment inside NameID and Username (“jdoe<!---->.attacker”): only the full signed string counts',
      build: (g) =>
        splitValue(g.issue({ signing: 'assertion', ...withIdentity('jdoe.attacker') }), 'jdoe.attacker', 4, (h, t) => `${h}<!---->${t}`),
      expect: { accept: 'jdoe.attacker' },
    },
    {
      id: 'cdata-in-nameid',
      category: 'content',
      title: 'CDATA inside NameID and Username: read as the full signed string',
      build: (g) =>
        splitValue(
          g.issue({ signing: 'assertion', ...withIdentity('jdoe.attacker') }),
          'jdoe.attacker',
          4,
          (h, t) => `${h}<![CDATA[${t}]]>`,
        ),
      expect: { accept: 'jdoe.attacker' },
    },
    {
      id: 'pi-in-nameid',
      category: 'content',
      title: 'processing instruction inside NameID and Username: full string or refusal',
      build: (g) =>
        splitValue(g.issue({ signing: 'assertion', ...withIdentity('jdoe.attacker') }), 'jdoe.attacker', 4, (h, t) => `${h}<?evil x?>${t}`),
      expect: { acceptOrReject: { login: 'jdoe.attacker', reasons: ['signature_invalid'] } },
    },
    {
      id: 'comment-in-nameid-response-signed',
      category: 'content',
      title: 'comment inside NameID of a Response-only signed message: full signed string',
      build: (g) =>
        splitValue(g.issue({ signing: 'response', ...withIdentity('jdoe.attacker') }), 'jdoe.attacker', 4, (h, t) => `${h}<!---->${t}`),
      expect: { accept: 'jdoe.attacker' },
    },
  ];
}
