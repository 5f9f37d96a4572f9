// The SAML SOAP binding (saml-bindings §3.2) for back-channel Single Logout (saml-profiles §4.4.3.3 / §4.4.4.2): a
// SOAP 1.1 envelope whose Body holds exactly one SAML protocol message, signed with its own enveloped signature
// (the binding adds no signature of its own, saml-bindings §3.2.3.4 leaves authentication to the message).
// `readSoapMessage` reads an envelope through the safe parser and verifies that signature IN the envelope (the
// digest over the referenced element, as received), then hands back the verified bytes of the message only.
import type { Element } from '@xmldom/xmldom';
import { SamlError } from '../errors.js';
import { theMessageSignature, verifyMessageSignature } from '../message-signature.js';
import { NS } from '../namespaces.js';
import { protocolError } from '../protocol-errors.js';
import { escapeC14nText as t } from '../xml/escape.js';
import { attr, firstChildNS, parseXml, textContent } from '../xml/safe-parse.js';
import { XmlSignatureError } from '../xml-signature.js';

/** SOAP 1.1 envelope namespace (SOAP 1.1 §4.1.2); saml-bindings §3.2.2 uses SOAP 1.1. */
export const SOAP_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
/** saml-bindings §3.2.2.1: the SOAPAction HTTP header a SAML requester MAY send. */
export const SOAP_ACTION = 'http://www.oasis-open.org/committees/security';

const ELEMENT_NODE = 1;

/** The envelope around one SAML message (already signed, with its own namespace declarations). */
export function soapEnvelope(messageXml: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP_ENVELOPE_NS}"><SOAP-ENV:Body>${messageXml}</SOAP-ENV:Body></SOAP-ENV:Envelope>`;
}

/** SOAP 1.1 §4.4: a Fault (`Client`: the message was wrong; `Server`: the receiver failed). Sent with HTTP 500. */
export function soapFault(code: 'Client' | 'Server', faultString: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP_ENVELOPE_NS}"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:${code}</faultcode><faultstring>${t(faultString)}</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>`;
}

export interface SoapFault {
  kind: 'fault';
  faultCode: string;
  faultString: string;
}

export interface SoapLogoutMessage {
  kind: 'message';
  /** The SAML message's local name (e.g. LogoutRequest), namespace samlp. */
  localName: string;
  /** Whether it carried an enveloped signature (verified when true). */
  signed: boolean;
  /** Present ONLY when the signature verified: the verified bytes of the message (read the message from these only). */
  signedXml?: string;
  /** Signed, but the signature does not verify with any of the certificates (why, without XML). */
  signatureError?: string;
  /** The message's ID attribute as received, unverified: only to answer a refused message with InResponseTo. */
  id?: string;
}

export interface SoapMessageInput {
  certificates: readonly string[];
  allowSha1: boolean;
  maxBytes?: number;
}

function notSoap(message: string): SamlError {
  return protocolError('not_soap', message);
}
function malformed(message: string): SamlError {
  return protocolError('malformed_soap_message', message);
}

function elementChildren(el: Element): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === ELEMENT_NODE) out.push(n as Element);
  return out;
}

/**
 * Reads a SOAP 1.1 envelope. Throws SamlError `not_soap` (not an Envelope at all: HTTP 400) or
 * `malformed_soap_message` (an Envelope without exactly one SAML protocol message in its Body, or a header this
 * receiver must understand: answer with a SOAP Fault), XmlSignatureError `unexpected_signature` when a signature is
 * not the message's single enveloped one. A signature that does not verify comes back as `signatureError`.
 */
export function readSoapMessage(
  xml: string,
  { certificates, allowSha1, maxBytes = 64 * 1024 }: SoapMessageInput,
): SoapLogoutMessage | SoapFault {
  let doc: ReturnType<typeof parseXml>;
  try {
    doc = parseXml(xml, { maxBytes });
  } catch (err) {
    if (err instanceof SamlError && err.code === 'message_too_large') throw err;
    throw notSoap(`The body is not an XML document (${(err as Error).message})`);
  }
  const envelope = doc.documentElement as Element;
  if (envelope.namespaceURI !== SOAP_ENVELOPE_NS || envelope.localName !== 'Envelope') {
    throw notSoap('The body is not a SOAP 1.1 Envelope');
  }
  const parts = elementChildren(envelope);
  const header = parts[0]?.localName === 'Header' && parts[0].namespaceURI === SOAP_ENVELOPE_NS ? parts.shift() : undefined;
  if (parts.length !== 1 || parts[0]?.localName !== 'Body' || parts[0].namespaceURI !== SOAP_ENVELOPE_NS) {
    throw malformed('The SOAP Envelope must hold an optional Header and one Body');
  }
  // SOAP 1.1 §4.2.3: a header entry marked mustUnderstand="1" that the receiver does not know is a Fault.
  for (const entry of header ? elementChildren(header) : []) {
    if (entry.getAttributeNS(SOAP_ENVELOPE_NS, 'mustUnderstand') === '1') {
      throw malformed(`The SOAP header ${entry.localName} must be understood and is not`);
    }
  }
  const body = elementChildren(parts[0]);
  const fault = body.length === 1 ? firstChildNS(parts[0], SOAP_ENVELOPE_NS, 'Fault') : undefined;
  if (fault) {
    const code = fault && elementChildren(fault).find((e) => e.localName === 'faultcode');
    const reason = fault && elementChildren(fault).find((e) => e.localName === 'faultstring');
    return { kind: 'fault', faultCode: (textContent(code) ?? '').trim(), faultString: (textContent(reason) ?? '').trim().slice(0, 300) };
  }
  // saml-bindings §3.2.2.1: exactly one SAML protocol message element in the Body.
  const message = body[0];
  if (body.length !== 1 || !message || message.namespaceURI !== NS.protocol || !message.localName) {
    throw malformed('The SOAP Body must hold exactly one SAML protocol message');
  }
  const id = attr(message, 'ID');
  const signature = theMessageSignature(doc, message);
  if (!signature) return { kind: 'message', localName: message.localName as string, signed: false, ...(id ? { id } : {}) };
  // No second element with the signed ID anywhere in the envelope (a wrapping attack's decoy).
  let sameId = 0;
  const elements = doc.getElementsByTagName('*');
  for (let i = 0; i < elements.length; i++) if ((elements[i] as Element).getAttribute('ID') === id) sameId++;
  if (sameId !== 1) throw new XmlSignatureError('unexpected_signature', `More than one element of the envelope has ID ${id}.`);
  try {
    const signedXml = verifyMessageSignature(xml, signature, certificates, { allowSha1 });
    return { kind: 'message', localName: message.localName as string, signed: true, signedXml, ...(id ? { id } : {}) };
  } catch (err) {
    if (!(err instanceof XmlSignatureError)) throw err;
    return { kind: 'message', localName: message.localName as string, signed: true, signatureError: err.message, ...(id ? { id } : {}) };
  }
}
