// Catalogue — comments / CDATA / PIs in identity values: only the full signed string counts; PIs are refused.
import { resign } from '../resign.js';
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
      title: 'processing instruction inside NameID and Username: refused before any signature is looked at',
      build: (g) =>
        splitValue(g.issue({ signing: 'assertion', ...withIdentity('jdoe.attacker') }), 'jdoe.attacker', 4, (h, t) => `${h}<?evil x?>${t}`),
      expect: { reject: 'processing_instruction_forbidden' },
    },
    {
      id: 'pi-in-nameid-signed',
      category: 'content',
      title: 'processing instruction inside NameID and Username, validly signed by the IdP key (“ad<?x y?>min”): refused',
      build: (g) =>
        resign(
          splitValue(g.issue({ signing: 'assertion', ...withIdentity('admin') }), 'admin', 2, (h, t) => `${h}<?x y?>${t}`),
          'assertion',
          g.idp,
        ),
      expect: { reject: 'processing_instruction_forbidden' },
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
