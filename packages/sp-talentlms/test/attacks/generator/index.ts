// Attack generator: derives every attack variant from GENUINE Responses signed by the IdP's signer
// (createResponseSigner), by DOM surgery (@xmldom/xmldom) or by re-signing with xml-crypto where the attack
// needs a validly signed but hostile document. Each case says what the ACS must answer.
// XSW1–XSW8 follow Somorovsky et al., "On Breaking SAML: Be Whoever You Want to Be" (USENIX Security 2012).
// Entry module: the catalogue, family by family, in a fixed order (mocha runs the cases in this order).
import { conditionCases } from './cases/conditions.js';
import { contentCases } from './cases/content.js';
import { keyCases } from './cases/keys.js';
import { knobCases } from './cases/knobs.js';
import { legitimateCases } from './cases/legitimate.js';
import { signatureCases } from './cases/signature.js';
import { wrappingCases } from './cases/wrapping.js';
import { xmlCases } from './cases/xml.js';
import type { AttackCase } from './types.js';

export { parse, serialize } from './dom.js';
export { resign } from './resign.js';
export type { AttackCase, Expectation, Genuine } from './types.js';

export function attackCases(): AttackCase[] {
  return [
    ...wrappingCases(),
    ...signatureCases(),
    ...contentCases(),
    ...keyCases(),
    ...xmlCases(),
    ...conditionCases(),
    ...legitimateCases(),
    ...knobCases(),
  ];
}
