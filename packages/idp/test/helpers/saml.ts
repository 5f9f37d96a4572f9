import { type AuthnRequestInput, buildAuthnRequest, encodeRedirect, NS, newSamlId } from '@samlbridge/protocol';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';

export function parse(xml: string) {
  return new DOMParser().parseFromString(xml, 'text/xml');
}

export function decodeSamlResponse(b64: string): string {
  return Buffer.from(b64, 'base64').toString('utf8');
}

/** Verifies every ds:Signature in the document with xml-crypto against `certPem`; returns the IDs they cover. */
export function verifySignatures(xml: string, certPem: string): string[] {
  const doc = parse(xml);
  const sigs = Array.from(doc.getElementsByTagNameNS(NS.ds, 'Signature'));
  const covered: string[] = [];
  for (const node of sigs) {
    const sig = new SignedXml({ publicCert: certPem, getCertFromKeyInfo: () => null });
    sig.loadSignature(node as unknown as Parameters<SignedXml['loadSignature']>[0]);
    if (!sig.checkSignature(xml)) throw new Error('signature does not verify');
    const parent = node.parentNode as Element;
    const id = parent.getAttribute('ID') ?? '';
    const refs = sig.getReferences().map((r) => r.uri);
    if (!refs.includes(`#${id}`)) throw new Error(`signature does not cover its parent ${id}: ${refs.join(',')}`);
    covered.push(parent.localName ?? '');
  }
  return covered;
}

export function attributes(xml: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const a of Array.from(parse(xml).getElementsByTagNameNS(NS.assertion, 'Attribute'))) {
    out[a.getAttribute('Name') ?? ''] = Array.from(a.getElementsByTagNameNS(NS.assertion, 'AttributeValue')).map(
      (v) => v.textContent ?? '',
    );
  }
  return out;
}

export function first(xml: string, ns: string, name: string): Element | undefined {
  return parse(xml).getElementsByTagNameNS(ns, name)[0] ?? undefined;
}

export function statusCodes(xml: string): string[] {
  return Array.from(parse(xml).getElementsByTagNameNS(NS.protocol, 'StatusCode')).map((e) => e.getAttribute('Value') ?? '');
}

export function authnRequest(overrides: Partial<AuthnRequestInput> & Pick<AuthnRequestInput, 'destination' | 'issuer'>): {
  id: string;
  xml: string;
} {
  const id = overrides.id ?? newSamlId();
  const xml = buildAuthnRequest({
    id,
    issueInstant: new Date(),
    assertionConsumerServiceUrl: 'http://sp.test/acs',
    ...overrides,
  });
  return { id, xml };
}

/** Query string of the HTTP-Redirect binding (saml-bindings §3.4.4.1). */
export function redirectQuery(xml: string, relayState?: string): string {
  const params = new URLSearchParams({ SAMLRequest: encodeRedirect(xml) });
  if (relayState !== undefined) params.set('RelayState', relayState);
  return params.toString();
}
