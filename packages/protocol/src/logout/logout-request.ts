// LogoutRequest (saml-core §3.7.1): written in exclusive-canonical form (so it can be signed without a DOM),
// and read back by the party it is sent to. Single Logout profile: saml-profiles §4.4.
import type { SamlError } from '../errors.js';
import { toSamlInstant } from '../ids.js';
import { NS } from '../namespaces.js';
import { protocolError } from '../protocol-errors.js';
import { escapeC14nAttr as a, assertXmlChars, escapeC14nText as t } from '../xml/escape.js';
import type { ParseXmlOptions } from '../xml/safe-parse.js';
import { attr, childElementsNS, firstChildNS, parseXml, textContent } from '../xml/safe-parse.js';
import { type MessageSigningKey, signCanonicalMessage } from './enveloped-signer.js';
import { parseInstant } from './instant.js';

/** The subject of a logout: the NameID exactly as it was sent in the assertion (saml-core §2.2.3). */
export interface LogoutNameId {
  value: string;
  format?: string;
  nameQualifier?: string;
  spNameQualifier?: string;
}

export interface LogoutRequestInput {
  id: string;
  issueInstant: Date;
  issuer: string;
  destination: string;
  nameId: LogoutNameId;
  sessionIndexes?: readonly string[];
  /** saml-core §3.7.1: the time at which the request expires. */
  notOnOrAfter?: Date;
  /** saml-core §3.7.3: e.g. urn:oasis:names:tc:SAML:2.0:logout:user. */
  reason?: string;
}

export interface ParsedLogoutRequest {
  id: string;
  issueInstant: Date;
  issuer?: string;
  destination?: string;
  notOnOrAfter?: Date;
  reason?: string;
  nameId: LogoutNameId;
  sessionIndexes: string[];
  hasEmbeddedSignature: boolean;
}

export const LOGOUT_REASON_USER = 'urn:oasis:names:tc:SAML:2.0:logout:user';
export const LOGOUT_REASON_ADMIN = 'urn:oasis:names:tc:SAML:2.0:logout:admin';

function check(fields: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) assertXmlChars(value, name);
}

/** saml-core §2.2.3 NameID, attributes in c14n order; declares its own namespace (exc-c14n §3). */
export function nameIdElement(n: LogoutNameId): string {
  check({ nameId: n.value, format: n.format, nameQualifier: n.nameQualifier, spNameQualifier: n.spNameQualifier });
  let el = `<saml:NameID xmlns:saml="${NS.assertion}"`;
  if (n.format) el += ` Format="${a(n.format)}"`;
  if (n.nameQualifier) el += ` NameQualifier="${a(n.nameQualifier)}"`;
  if (n.spNameQualifier) el += ` SPNameQualifier="${a(n.spNameQualifier)}"`;
  return `${el}>${t(n.value)}</saml:NameID>`;
}

/** The unsigned LogoutRequest (for the HTTP-Redirect binding, whose signature covers the query). */
export function buildLogoutRequest(input: LogoutRequestInput): string {
  check({ id: input.id, issuer: input.issuer, destination: input.destination, reason: input.reason });
  let root = `<samlp:LogoutRequest xmlns:samlp="${NS.protocol}" Destination="${a(input.destination)}" ID="${a(input.id)}" IssueInstant="${toSamlInstant(input.issueInstant)}"`;
  if (input.notOnOrAfter) root += ` NotOnOrAfter="${toSamlInstant(input.notOnOrAfter)}"`;
  if (input.reason) root += ` Reason="${a(input.reason)}"`;
  root += ' Version="2.0">';
  let body = `<saml:Issuer xmlns:saml="${NS.assertion}">${t(input.issuer)}</saml:Issuer>${nameIdElement(input.nameId)}`;
  for (const index of input.sessionIndexes ?? []) {
    check({ sessionIndex: index });
    body += `<samlp:SessionIndex>${t(index)}</samlp:SessionIndex>`;
  }
  return `${root}${body}</samlp:LogoutRequest>`;
}

/** The LogoutRequest with an enveloped signature (HTTP-POST binding, saml-bindings §3.5.4). */
export function buildSignedLogoutRequest(input: LogoutRequestInput, key: MessageSigningKey): string {
  return signCanonicalMessage(buildLogoutRequest(input), input.id, key);
}

function malformed(message: string): SamlError {
  return protocolError('malformed_logout_request', message);
}

export function parseLogoutRequest(xml: string, options?: ParseXmlOptions): ParsedLogoutRequest {
  const root = parseXml(xml, options).documentElement;
  if (!root || root.namespaceURI !== NS.protocol || root.localName !== 'LogoutRequest') {
    throw malformed('The message is not a samlp:LogoutRequest');
  }
  if (attr(root, 'Version') !== '2.0') throw malformed('LogoutRequest Version is not 2.0'); // saml-core §3.2.1
  const id = attr(root, 'ID');
  if (!id) throw malformed('LogoutRequest has no ID');
  const issueInstant = parseInstant(attr(root, 'IssueInstant'));
  if (!issueInstant) throw malformed('LogoutRequest has no valid IssueInstant');
  const notOnOrAfterRaw = attr(root, 'NotOnOrAfter');
  const notOnOrAfter = parseInstant(notOnOrAfterRaw);
  if (notOnOrAfterRaw !== undefined && !notOnOrAfter) throw malformed('LogoutRequest NotOnOrAfter is not a valid time');
  // saml-core §3.7.1: exactly one of BaseID, NameID, EncryptedID. Only a plain NameID is understood here.
  const ids = ['BaseID', 'NameID', 'EncryptedID'].flatMap((n) => childElementsNS(root, NS.assertion, n));
  const nameIdEl = ids.length === 1 ? firstChildNS(root, NS.assertion, 'NameID') : undefined;
  if (!nameIdEl) throw malformed('LogoutRequest must carry exactly one saml:NameID');
  const issuerEl = firstChildNS(root, NS.assertion, 'Issuer');
  const nameId: LogoutNameId = { value: textContent(nameIdEl)?.trim() ?? '' };
  const format = attr(nameIdEl, 'Format');
  const nameQualifier = attr(nameIdEl, 'NameQualifier');
  const spNameQualifier = attr(nameIdEl, 'SPNameQualifier');
  if (format !== undefined) nameId.format = format;
  if (nameQualifier !== undefined) nameId.nameQualifier = nameQualifier;
  if (spNameQualifier !== undefined) nameId.spNameQualifier = spNameQualifier;
  const parsed: ParsedLogoutRequest = {
    id,
    issueInstant,
    nameId,
    sessionIndexes: childElementsNS(root, NS.protocol, 'SessionIndex').map((el) => textContent(el)?.trim() ?? ''),
    hasEmbeddedSignature: firstChildNS(root, NS.ds, 'Signature') !== undefined,
  };
  const issuer = issuerEl ? textContent(issuerEl)?.trim() : undefined;
  if (issuer !== undefined) parsed.issuer = issuer;
  const destination = attr(root, 'Destination');
  if (destination !== undefined) parsed.destination = destination;
  if (notOnOrAfter) parsed.notOnOrAfter = notOnOrAfter;
  const reason = attr(root, 'Reason');
  if (reason !== undefined) parsed.reason = reason;
  return parsed;
}
