// RequestedAuthnContext (saml-core §3.3.2.2.1): what an SP asks of the authentication, read from an AuthnRequest.
import type { Element } from '@xmldom/xmldom';
import { NS } from './namespaces.js';
import { protocolError } from './protocol-errors.js';
import { attr, childElementsNS, firstChildNS, textContent } from './xml/safe-parse.js';

export type AuthnContextComparison = 'exact' | 'minimum' | 'maximum' | 'better';

export interface RequestedAuthnContext {
  /** saml-core §3.3.2.2.1: "exact" when the attribute is absent. */
  comparison: AuthnContextComparison;
  classRefs: string[];
  /** AuthnContextDeclRef values (an IdP that knows no declarations cannot satisfy them). */
  declRefs: string[];
}

const COMPARISONS: readonly AuthnContextComparison[] = ['exact', 'minimum', 'maximum', 'better'];
const MAX_REFS = 20;

/** The RequestedAuthnContext child of an AuthnRequest, if any; a malformed one refuses the request. */
export function parseRequestedAuthnContext(request: Element): RequestedAuthnContext | undefined {
  const el = firstChildNS(request, NS.protocol, 'RequestedAuthnContext');
  if (!el) return undefined;
  const raw = attr(el, 'Comparison')?.trim() ?? 'exact';
  const comparison = COMPARISONS.find((c) => c === raw);
  if (!comparison) {
    throw protocolError(
      'malformed_request',
      `RequestedAuthnContext Comparison "${raw.slice(0, 40)}" is not one of ${COMPARISONS.join(', ')}`,
      {
        canRespond: false,
      },
    );
  }
  const values = (name: string) =>
    childElementsNS(el, NS.assertion, name)
      .map((e) => textContent(e)?.trim() ?? '')
      .filter((v) => v !== '')
      .slice(0, MAX_REFS)
      .map((v) => v.slice(0, 1024));
  const classRefs = values('AuthnContextClassRef');
  const declRefs = values('AuthnContextDeclRef');
  // saml-core §3.3.2.2.1: one or more AuthnContextClassRef, or one or more AuthnContextDeclRef.
  if (classRefs.length === 0 && declRefs.length === 0) {
    throw protocolError('malformed_request', 'RequestedAuthnContext names no AuthnContextClassRef or AuthnContextDeclRef');
  }
  return { comparison, classRefs, declRefs };
}

/** The element an SP puts in its AuthnRequest (buildAuthnRequest), in exclusive-c14n form. */
export function requestedAuthnContextXml(
  r: RequestedAuthnContext,
  escapeAttr: (v: string) => string,
  escapeText: (v: string) => string,
): string {
  const refs = [
    ...r.classRefs.map((c) => `<saml:AuthnContextClassRef xmlns:saml="${NS.assertion}">${escapeText(c)}</saml:AuthnContextClassRef>`),
    ...r.declRefs.map((d) => `<saml:AuthnContextDeclRef xmlns:saml="${NS.assertion}">${escapeText(d)}</saml:AuthnContextDeclRef>`),
  ].join('');
  return `<samlp:RequestedAuthnContext Comparison="${escapeAttr(r.comparison)}">${refs}</samlp:RequestedAuthnContext>`;
}
