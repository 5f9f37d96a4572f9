// Defence in depth: over HTTP every wrapping case is stopped by the first check it meets ("exactly one
// assertion"). Here that check is bypassed — the verifier's later steps are called directly, with EACH assertion
// of the attack document taken as "the" assertion, the forged one included — to prove that the signature layers
// alone never let the forged identity through:
//   tier 1: count check bypassed; findSignatures (stray/misreferenced signatures) still runs;
//   tier 2: findSignatures bypassed too: every ds:Signature directly under the Response or the chosen assertion
//           is verified, so only xmldsig shape, xml-crypto and the re-parse of the signed bytes stand in the way.

import { SamlbridgeError } from '@samlbridge/errors';
import { createResponseSigner, NS } from '@samlbridge/protocol';
import type { Element } from '@xmldom/xmldom';
import { expect } from 'chai';
import { describe, it } from 'mocha';
// The verifier's internal steps (DOM in, DOM out) are not part of @samlbridge/protocol's public surface: this test
// reaches into its source on purpose.
import type { SignatureCandidate, SignedTarget } from '../../../protocol/src/response/signatures.js';
import { type Parsed, parseResponse, verifyParsed, verifySigned } from '../../../protocol/src/response/steps.js';
import { verifyOptions } from '../../src/saml/verify-response.js';
import { baseInput, START } from '../helpers/harness.js';
import { idpKeys, otherKeys } from '../helpers/keys.js';
import { testVerifyContext } from '../helpers/verify-context.js';
import { cloneCertificate } from './clone-certificate.js';
import { wrappingCases } from './generator/cases/wrapping.js';
import type { Genuine } from './generator/index.js';

const GENUINE_LOGIN = 'jdoe';
const FORGED_LOGIN = 'admin';

const context = verifyOptions(testVerifyContext());

function genuine(): Genuine & { assertionIds: string[] } {
  const signer = createResponseSigner(idpKeys());
  const assertionIds: string[] = [];
  return {
    assertionIds,
    issue: (o = {}) => {
      const input = baseInput(START, o);
      if (input.assertionId) assertionIds.push(input.assertionId);
      return signer.issue(input);
    },
    issueWith: (keys, o = {}) => createResponseSigner(keys).issue(baseInput(START, o)),
    idp: idpKeys(),
    attacker: otherKeys(),
    clone: cloneCertificate(idpKeys(), otherKeys()),
    canaryUrl: 'http://127.0.0.1:9/never-fetched',
    now: START,
  };
}

type Verdict = { accepted: { nameId: string; assertionId: string } } | { refused: string; detail: string };

function verdict(run: () => { nameId: string; assertionId: string }): Verdict {
  try {
    const { nameId, assertionId } = run();
    return { accepted: { nameId, assertionId } };
  } catch (err) {
    if (!(err instanceof SamlbridgeError)) throw err;
    return { refused: err.code, detail: (err.details as { detail?: string } | undefined)?.detail ?? '' };
  }
}

/** Every signature that is a direct child of the Response or of the chosen assertion, whatever it references. */
function everyAdjacentSignature(parsed: Parsed): SignatureCandidate[] {
  const out: SignatureCandidate[] = [];
  const parents: [SignedTarget, Element | undefined][] = [
    ['response', parsed.response],
    ['assertion', parsed.assertion],
  ];
  for (const [target, parent] of parents) {
    if (!parent) continue;
    for (let n = parent.firstChild; n; n = n.nextSibling) {
      const el = n as Element;
      if (n.nodeType === 1 && el.namespaceURI === NS.ds && el.localName === 'Signature') {
        out.push({ target, targetId: parent.getAttribute('ID') ?? '', signature: el });
      }
    }
  }
  return out;
}

const cases = wrappingCases().filter((c) => c.category === 'xsw');

interface TierOutcome {
  label: string;
  tier: string;
  verdict: Verdict;
  allowed: string[];
}

/** Runs one attack case through both tiers, taking each assertion of the document in turn as "the" assertion. */
function runTiers(c: (typeof cases)[number]): { g: ReturnType<typeof genuine>; assertionCount: number; outcomes: TierOutcome[] } {
  const g = genuine();
  const parsed = parseResponse((c.build as (g: Genuine) => string)(g), 1024 * 1024);
  const assertions = Array.from(parsed.doc.getElementsByTagNameNS(NS.assertion, 'Assertion')) as Element[];
  const outcomes: TierOutcome[] = [];
  for (const [index, assertion] of assertions.entries()) {
    const chosen: Parsed = { ...parsed, assertion };
    const label = `${c.id}, assertion #${index} (${assertion.getAttribute('ID')})`;
    outcomes.push(
      {
        label,
        tier: 'tier 1 (findSignatures kept)',
        verdict: verdict(() => verifyParsed(chosen, context)),
        allowed: ['signature_invalid', 'unexpected_signature'],
      },
      {
        label,
        tier: 'tier 2 (findSignatures bypassed)',
        verdict: verdict(() => verifySigned(chosen, everyAdjacentSignature(chosen), context)),
        // With the stray-signature check gone, xmldsig §4 shape and "no signature" refusals also appear.
        allowed: ['signature_invalid', 'malformed_signature', 'signature_missing'],
      },
    );
  }
  return { g, assertionCount: assertions.length, outcomes };
}

describe('defence in depth: wrapping attacks with the "exactly one assertion" check bypassed', () => {
  it('runs every XSW1–XSW8 and hiding case the suite has', () => {
    const ids = cases.map((c) => c.id);
    for (const id of ['xsw1', 'xsw2', 'xsw3', 'xsw4', 'xsw5', 'xsw6', 'xsw7', 'xsw8', 'hide-advice', 'hide-status-detail']) {
      expect(ids).to.include(id);
    }
  });

  for (const c of cases) {
    it(`${c.id}: never yields the forged identity, whichever assertion is taken as the one`, () => {
      const { g, assertionCount, outcomes } = runTiers(c);
      expect(assertionCount, 'the attack document holds assertions').to.be.greaterThan(0);
      for (const { label, tier, verdict: v, allowed } of outcomes) {
        if ('accepted' in v) {
          expect(v.accepted.nameId, `${label}, ${tier}`).to.equal(GENUINE_LOGIN).and.not.equal(FORGED_LOGIN);
          expect(g.assertionIds, `${label}, ${tier}: the accepted assertion is the genuine signed one`).to.include(v.accepted.assertionId);
        } else {
          expect(allowed, `${label}, ${tier}: ${v.detail}`).to.include(v.refused);
        }
      }
    });
  }

  it('reaches the re-parse of the signed bytes: some tier-2 case is refused because the signed bytes are another element', () => {
    const tier2Reasons = new Map<string, string>();
    for (const c of cases) {
      for (const { label, tier, verdict: v } of runTiers(c).outcomes) {
        if (tier.startsWith('tier 2') && 'refused' in v) tier2Reasons.set(label, `${v.refused}: ${v.detail}`);
      }
    }
    const reparse = [...tier2Reasons.values()].filter((r) =>
      /Signed bytes are not the referenced element|not the document assertion/.test(r),
    );
    expect(reparse.length, [...tier2Reasons.entries()].map(([k, v]) => `${k} → ${v}`).join('\n')).to.be.greaterThan(0);
  });
});
