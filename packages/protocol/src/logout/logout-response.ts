// LogoutResponse (saml-core §3.7.2, a StatusResponseType §3.2.2): written in exclusive-canonical form and read back.
import type { SamlError } from '../errors.js';
import { toSamlInstant } from '../ids.js';
import { NS, statusCodeUrn } from '../namespaces.js';
import { protocolError } from '../protocol-errors.js';
import type { SamlStatus, StatusCodeName } from '../types.js';
import { escapeC14nAttr as a, assertXmlChars, escapeC14nText as t } from '../xml/escape.js';
import type { ParseXmlOptions } from '../xml/safe-parse.js';
import { attr, firstChildNS, parseXml, textContent } from '../xml/safe-parse.js';
import { type MessageSigningKey, signCanonicalMessage } from './enveloped-signer.js';
import { parseInstant } from './instant.js';

export interface LogoutResponseInput {
  id: string;
  inResponseTo?: string;
  issueInstant: Date;
  issuer: string;
  destination: string;
  status: SamlStatus;
}

export interface ParsedLogoutResponse {
  id: string;
  inResponseTo?: string;
  issueInstant: Date;
  issuer?: string;
  destination?: string;
  /** Top-level and second-level status code URNs as received, and the local names when they are SAML's. */
  status: { code: string; subCode?: string; message?: string };
  success: boolean;
  hasEmbeddedSignature: boolean;
}

const STATUS_PREFIX = 'urn:oasis:names:tc:SAML:2.0:status:';

export function buildLogoutResponse(input: LogoutResponseInput): string {
  for (const [name, value] of Object.entries({
    id: input.id,
    inResponseTo: input.inResponseTo,
    issuer: input.issuer,
    destination: input.destination,
    message: input.status.message,
  })) {
    if (value !== undefined) assertXmlChars(value, name);
  }
  let root = `<samlp:LogoutResponse xmlns:samlp="${NS.protocol}" Destination="${a(input.destination)}" ID="${a(input.id)}"`;
  if (input.inResponseTo) root += ` InResponseTo="${a(input.inResponseTo)}"`;
  root += ` IssueInstant="${toSamlInstant(input.issueInstant)}" Version="2.0">`;
  // saml-core §3.2.2.1-2: StatusCode, optionally nested (e.g. Responder / PartialLogout), then StatusMessage.
  let status = `<samlp:Status><samlp:StatusCode Value="${statusCodeUrn(input.status.code)}">`;
  if (input.status.subCode) status += `<samlp:StatusCode Value="${statusCodeUrn(input.status.subCode)}"></samlp:StatusCode>`;
  status += '</samlp:StatusCode>';
  if (input.status.message !== undefined) status += `<samlp:StatusMessage>${t(input.status.message)}</samlp:StatusMessage>`;
  status += '</samlp:Status>';
  return `${root}<saml:Issuer xmlns:saml="${NS.assertion}">${t(input.issuer)}</saml:Issuer>${status}</samlp:LogoutResponse>`;
}

export function buildSignedLogoutResponse(input: LogoutResponseInput, key: MessageSigningKey): string {
  return signCanonicalMessage(buildLogoutResponse(input), input.id, key);
}

/** The local name of a SAML status URN (`…:status:PartialLogout` → `PartialLogout`), else undefined. */
export function statusName(urn: string | undefined): StatusCodeName | undefined {
  return urn?.startsWith(STATUS_PREFIX) ? (urn.slice(STATUS_PREFIX.length) as StatusCodeName) : undefined;
}

function malformed(message: string): SamlError {
  return protocolError('malformed_logout_response', message);
}

export function parseLogoutResponse(xml: string, options?: ParseXmlOptions): ParsedLogoutResponse {
  const root = parseXml(xml, options).documentElement;
  if (!root || root.namespaceURI !== NS.protocol || root.localName !== 'LogoutResponse') {
    throw malformed('The message is not a samlp:LogoutResponse');
  }
  if (attr(root, 'Version') !== '2.0') throw malformed('LogoutResponse Version is not 2.0');
  const id = attr(root, 'ID');
  if (!id) throw malformed('LogoutResponse has no ID');
  const issueInstant = parseInstant(attr(root, 'IssueInstant'));
  if (!issueInstant) throw malformed('LogoutResponse has no valid IssueInstant');
  const statusEl = firstChildNS(root, NS.protocol, 'Status');
  const codeEl = statusEl && firstChildNS(statusEl, NS.protocol, 'StatusCode');
  const code = codeEl && attr(codeEl, 'Value');
  if (!statusEl || !codeEl || !code) throw malformed('LogoutResponse has no Status/StatusCode');
  const subEl = firstChildNS(codeEl, NS.protocol, 'StatusCode');
  const status: ParsedLogoutResponse['status'] = { code };
  const subCode = subEl && attr(subEl, 'Value');
  if (subCode) status.subCode = subCode;
  const messageEl = firstChildNS(statusEl, NS.protocol, 'StatusMessage');
  if (messageEl) status.message = textContent(messageEl) ?? '';
  const issuerEl = firstChildNS(root, NS.assertion, 'Issuer');
  const parsed: ParsedLogoutResponse = {
    id,
    issueInstant,
    status,
    success: code === `${STATUS_PREFIX}Success`,
    hasEmbeddedSignature: firstChildNS(root, NS.ds, 'Signature') !== undefined,
  };
  const inResponseTo = attr(root, 'InResponseTo');
  if (inResponseTo !== undefined) parsed.inResponseTo = inResponseTo;
  const issuer = issuerEl ? textContent(issuerEl)?.trim() : undefined;
  if (issuer !== undefined) parsed.issuer = issuer;
  const destination = attr(root, 'Destination');
  if (destination !== undefined) parsed.destination = destination;
  return parsed;
}
