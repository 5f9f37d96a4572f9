// fast-check fuzzing of verifySamlResponse on mutated GENUINE Responses: byte edits and element moves.
// Never a crash other than a SamlbridgeError with a known reason code; never accepted unless the identity and
// IDs are exactly the genuine signed ones. (Speed: bench/verify.ts; a hang fails on mocha's timeout.)

import { SamlbridgeError } from '@samlbridge/errors';
import { createResponseSigner } from '@samlbridge/protocol';
import { expect } from 'chai';
import fc from 'fast-check';
import { REASONS, verifySamlResponse } from '../../src/index.js';
import { baseInput, START } from '../helpers/harness.js';
import { idpKeys } from '../helpers/keys.js';
import { testVerifyContext } from '../helpers/verify-context.js';
import { parse, serialize } from './generator/index.js';

describe('fuzz: verifySamlResponse on mutated genuine Responses', function () {
  this.timeout(60_000);
  const signer = createResponseSigner(idpKeys());
  // The mutations are made on the XML itself.
  const context = testVerifyContext({ acceptRawXml: true });
  const genuine = {
    both: signer.issue(baseInput(START, { signing: 'both', responseId: '_r1', assertionId: '_a1' })),
    assertion: signer.issue(baseInput(START, { signing: 'assertion', responseId: '_r2', assertionId: '_a2' })),
    response: signer.issue(baseInput(START, { signing: 'response', responseId: '_r3', assertionId: '_a3' })),
  };
  const expected = Object.fromEntries(Object.entries(genuine).map(([k, xml]) => [k, verifySamlResponse(xml, context)]));

  function check(kind: keyof typeof genuine, xml: string): void {
    try {
      const v = verifySamlResponse(xml, context);
      const e = expected[kind] as ReturnType<typeof verifySamlResponse>;
      expect({ nameId: v.nameId, attributes: v.attributes, assertionId: v.assertionId, issuer: v.issuer }).to.deep.equal({
        nameId: e.nameId,
        attributes: e.attributes,
        assertionId: e.assertionId,
        issuer: e.issuer,
      });
    } catch (err) {
      if (!(err instanceof SamlbridgeError)) throw err;
      expect(Object.keys(REASONS)).to.include(err.code);
    }
  }

  const kind = fc.constantFrom<keyof typeof genuine>('both', 'assertion', 'response');

  it('byte flips, insertions and deletions', () => {
    const edits = fc.array(fc.tuple(fc.nat(8000), fc.nat(4), fc.string({ maxLength: 3, unit: 'binary' })), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(kind, edits, (k, list) => {
        const xml = genuine[k];
        check(
          k,
          list.reduce((s, [at, del, ins]) => {
            const i = at % s.length;
            return s.slice(0, i) + ins + s.slice(i + del);
          }, xml),
        );
      }),
      { numRuns: 250 },
    );
  });

  it('element moves and duplications', () => {
    fc.assert(
      fc.property(kind, fc.nat(), fc.nat(), fc.boolean(), (k, from, to, duplicate) => {
        const doc = parse(genuine[k]);
        const all = Array.from(doc.getElementsByTagName('*'));
        const node = all[from % all.length];
        const target = all[to % all.length];
        if (!node || !target || node === target || node.contains?.(target)) return;
        let walk: unknown = target;
        while (walk) {
          if (walk === node) return;
          walk = (walk as { parentNode: unknown }).parentNode;
        }
        target.appendChild(duplicate ? node.cloneNode(true) : node);
        check(k, serialize(doc));
      }),
      { numRuns: 250 },
    );
  });
});
