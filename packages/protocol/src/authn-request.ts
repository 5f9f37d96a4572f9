// AuthnRequest (saml-core §3.4.1): building (SP side), parsing (IdP side) and the
// HTTP-Redirect query signature (saml-bindings §3.4.4.1).

import type { KeyObject } from 'node:crypto';
import { createPublicKey, createSign, createVerify } from 'node:crypto';
import type { SamlError } from './errors.js';
import { toSamlInstant } from './ids.js';
import { ALGORITHMS, NS } from './namespaces.js';
import { protocolError } from './protocol-errors.js';
import { parseRequestedAuthnContext, requestedAuthnContextXml } from './requested-authn-context.js';
import type { AuthnRequestInput, ParsedAuthnRequest, SignatureAlgorithm } from './types.js';
import { assertXmlChars, escapeC14nAttr, escapeC14nText } from './xml/escape.js';
import type { ParseXmlOptions } from './xml/safe-parse.js';
import { attr, firstChildNS, parseXml, textContent } from './xml/safe-parse.js';

export function buildAuthnRequest(input: AuthnRequestInput): string {
  const fields: [string, string | undefined][] = [
    ['id', input.id],
    ['destination', input.destination],
    ['issuer', input.issuer],
    ['assertionConsumerServiceUrl', input.assertionConsumerServiceUrl],
    ['protocolBinding', input.protocolBinding],
    ['nameIdFormat', input.nameIdFormat],
    ['spNameQualifier', input.spNameQualifier],
  ];
  for (const [name, value] of fields) if (value !== undefined) assertXmlChars(value, name);
  const a = escapeC14nAttr;
  // Attributes in c14n order (unqualified, sorted by local name).
  let root = `<samlp:AuthnRequest xmlns:samlp="${NS.protocol}" AssertionConsumerServiceURL="${a(input.assertionConsumerServiceUrl)}" Destination="${a(input.destination)}"`;
  if (input.forceAuthn) root += ' ForceAuthn="true"';
  root += ` ID="${a(input.id)}"`;
  if (input.isPassive) root += ' IsPassive="true"';
  root += ` IssueInstant="${toSamlInstant(input.issueInstant)}"`;
  if (input.protocolBinding) root += ` ProtocolBinding="${a(input.protocolBinding)}"`;
  root += ' Version="2.0">';
  // saml-core §3.2.1 RequestAbstractType: Issuer first; §3.4.1: then NameIDPolicy.
  let body = `<saml:Issuer xmlns:saml="${NS.assertion}">${escapeC14nText(input.issuer)}</saml:Issuer>`;
  if (input.nameIdFormat) {
    const allowCreate = input.allowCreate === undefined ? true : input.allowCreate;
    body += `<samlp:NameIDPolicy${allowCreate === null ? '' : ` AllowCreate="${allowCreate}"`} Format="${a(input.nameIdFormat)}"${
      input.spNameQualifier !== undefined ? ` SPNameQualifier="${a(input.spNameQualifier)}"` : ''
    }></samlp:NameIDPolicy>`;
  }
  // saml-core §3.4.1: RequestedAuthnContext follows NameIDPolicy (and Conditions).
  if (input.requestedAuthnContext) body += requestedAuthnContextXml(input.requestedAuthnContext, a, escapeC14nText);
  return `${root}${body}</samlp:AuthnRequest>`;
}

function malformed(message: string): SamlError {
  // We cannot trust anything in a request we could not read, so no Response goes back.
  return protocolError('malformed_request', message);
}

function parseBoolean(value: string | undefined, name: string): boolean {
  if (value === undefined) return false;
  const v = value.trim();
  if (v === 'true' || v === '1') return true; // xs:boolean lexical space
  if (v === 'false' || v === '0') return false;
  throw malformed(`AuthnRequest ${name} is not a boolean`);
}

// xs:dateTime; saml-core §1.3.3 requires UTC (we also accept an explicit offset).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function parseSamlInstant(value: string | undefined): Date | undefined {
  if (value === undefined || !DATE_TIME.test(value.trim())) return undefined;
  const d = new Date(value.trim());
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function parseAuthnRequest(xml: string, options?: ParseXmlOptions): ParsedAuthnRequest {
  const doc = parseXml(xml, options);
  const root = doc.documentElement;
  if (!root || root.namespaceURI !== NS.protocol || root.localName !== 'AuthnRequest') {
    throw malformed('The message is not a samlp:AuthnRequest');
  }
  const version = attr(root, 'Version');
  if (version !== '2.0') throw malformed(`AuthnRequest Version is ${version ?? 'missing'}, expected 2.0`); // saml-core §3.2.1
  const id = attr(root, 'ID');
  if (!id) throw malformed('AuthnRequest has no ID');
  const issueInstant = parseSamlInstant(attr(root, 'IssueInstant'));
  if (!issueInstant) throw malformed('AuthnRequest has no valid IssueInstant');
  const indexRaw = attr(root, 'AssertionConsumerServiceIndex');
  let assertionConsumerServiceIndex: number | undefined;
  if (indexRaw !== undefined) {
    if (!/^\d{1,5}$/.test(indexRaw.trim())) throw malformed('AuthnRequest AssertionConsumerServiceIndex is not a number');
    assertionConsumerServiceIndex = Number(indexRaw.trim());
  }
  const issuerEl = firstChildNS(root, NS.assertion, 'Issuer');
  const policy = firstChildNS(root, NS.protocol, 'NameIDPolicy');
  // saml-core §3.4.1.1 NameIDPolicy: Format, SPNameQualifier, AllowCreate (all optional).
  const nameIdPolicy = policy
    ? {
        format: attr(policy, 'Format')?.trim() || undefined,
        spNameQualifier: attr(policy, 'SPNameQualifier')?.trim() || undefined,
        allowCreate:
          attr(policy, 'AllowCreate') === undefined ? undefined : parseBoolean(attr(policy, 'AllowCreate'), 'NameIDPolicy AllowCreate'),
      }
    : undefined;
  const requestedAuthnContext = parseRequestedAuthnContext(root);
  return {
    id,
    version,
    issueInstant,
    issuer: issuerEl ? textContent(issuerEl)?.trim() : undefined,
    destination: attr(root, 'Destination'),
    assertionConsumerServiceUrl: attr(root, 'AssertionConsumerServiceURL'),
    assertionConsumerServiceIndex,
    protocolBinding: attr(root, 'ProtocolBinding'),
    forceAuthn: parseBoolean(attr(root, 'ForceAuthn'), 'ForceAuthn'),
    isPassive: parseBoolean(attr(root, 'IsPassive'), 'IsPassive'),
    nameIdPolicyFormat: policy ? attr(policy, 'Format') : undefined,
    nameIdPolicy,
    ...(requestedAuthnContext ? { requestedAuthnContext } : {}),
    hasEmbeddedSignature: firstChildNS(root, NS.ds, 'Signature') !== undefined,
  };
}

// ---- HTTP-Redirect query signature, saml-bindings §3.4.4.1 ----

const SIG_ALG_URI: Record<SignatureAlgorithm, string> = {
  'rsa-sha256': ALGORITHMS.rsaSha256,
  'rsa-sha512': ALGORITHMS.rsaSha512,
  'rsa-sha1': ALGORITHMS.rsaSha1,
};
const HASH: Record<SignatureAlgorithm, string> = { 'rsa-sha256': 'sha256', 'rsa-sha512': 'sha512', 'rsa-sha1': 'sha1' };

export function signatureAlgorithmFromUri(uri: string): SignatureAlgorithm | undefined {
  for (const [name, u] of Object.entries(SIG_ALG_URI)) if (u === uri) return name as SignatureAlgorithm;
  return undefined;
}

export interface SignRedirectQueryInput {
  /** The encodeRedirect() output (base64, not yet URL-encoded). Exactly one of SAMLRequest / SAMLResponse. */
  SAMLRequest?: string;
  SAMLResponse?: string;
  RelayState?: string;
  privateKeyPem: string | KeyObject;
  algorithm?: SignatureAlgorithm;
}

/** Returns the signed query string (no leading `?`): `SAMLRequest=…&RelayState=…&SigAlg=…&Signature=…`. */
export function signRedirectQuery({
  SAMLRequest,
  SAMLResponse,
  RelayState,
  privateKeyPem,
  algorithm = 'rsa-sha256',
}: SignRedirectQueryInput): string {
  const message = SAMLRequest !== undefined ? `SAMLRequest=${encodeURIComponent(SAMLRequest)}` : undefined;
  const response = SAMLResponse !== undefined ? `SAMLResponse=${encodeURIComponent(SAMLResponse)}` : undefined;
  if ((message === undefined) === (response === undefined)) {
    throw new TypeError('signRedirectQuery: pass exactly one of SAMLRequest / SAMLResponse');
  }
  let signed = message ?? response ?? '';
  if (RelayState !== undefined) signed += `&RelayState=${encodeURIComponent(RelayState)}`;
  signed += `&SigAlg=${encodeURIComponent(SIG_ALG_URI[algorithm])}`;
  const signature = createSign(HASH[algorithm]).update(signed, 'utf8').sign(privateKeyPem, 'base64');
  return `${signed}&Signature=${encodeURIComponent(signature)}`;
}

export interface VerifyRedirectOptions {
  /** rsa-sha1 is refused unless true. */
  allowSha1?: boolean;
}

export type RedirectSignatureResult = { signed: false } | { signed: true; algorithm: SignatureAlgorithm };

function decodeComponent(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch (err) {
    throw protocolError('malformed_query', 'The query string is not valid URL encoding', { cause: err });
  }
}

/**
 * Verifies the Redirect-binding signature over the raw query octets as received, in the
 * order SAMLRequest|SAMLResponse, RelayState, SigAlg (saml-bindings §3.4.4.1). `rawQuery` is
 * the part after `?`. Returns `{signed:false}` when there is no Signature parameter (the caller
 * decides whether that is acceptable); throws SamlError on any bad signature.
 * `certPem` may list several certificates (rotation): any one verifying is enough.
 */
export function verifyRedirectQuerySignature(
  rawQuery: string,
  certPem: string | KeyObject | readonly (string | KeyObject)[],
  { allowSha1 = false }: VerifyRedirectOptions = {},
): RedirectSignatureResult {
  const raw = new Map<string, string>();
  for (const part of rawQuery.replace(/^\?/, '').split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decodeComponent(eq === -1 ? part : part.slice(0, eq));
    if (!['SAMLRequest', 'SAMLResponse', 'RelayState', 'SigAlg', 'Signature'].includes(key)) continue;
    if (raw.has(key)) throw protocolError('malformed_query', `The query string repeats ${key}`);
    raw.set(key, eq === -1 ? '' : part.slice(eq + 1));
  }
  const sigRaw = raw.get('Signature');
  if (sigRaw === undefined) return { signed: false };
  const sigAlgRaw = raw.get('SigAlg');
  if (sigAlgRaw === undefined) throw protocolError('signature_invalid', 'The query has a Signature but no SigAlg');
  const algorithm = signatureAlgorithmFromUri(decodeComponent(sigAlgRaw));
  if (!algorithm) throw protocolError('signature_algorithm_unsupported', 'The SigAlg is not RSA-SHA256, RSA-SHA512 or RSA-SHA1');
  if (algorithm === 'rsa-sha1' && !allowSha1) {
    throw protocolError('signature_algorithm_forbidden', 'The request is signed with RSA-SHA1, which this application does not accept');
  }
  const reqKey = raw.has('SAMLRequest') ? 'SAMLRequest' : raw.has('SAMLResponse') ? 'SAMLResponse' : undefined;
  if (!reqKey || (raw.has('SAMLRequest') && raw.has('SAMLResponse'))) {
    throw protocolError('malformed_query', 'The query must carry exactly one of SAMLRequest / SAMLResponse');
  }
  let signed = `${reqKey}=${raw.get(reqKey)}`;
  if (raw.has('RelayState')) signed += `&RelayState=${raw.get('RelayState')}`;
  signed += `&SigAlg=${sigAlgRaw}`;
  const signature = Buffer.from(decodeComponent(sigRaw), 'base64');
  const certs = Array.isArray(certPem) ? certPem : [certPem as string | KeyObject];
  for (const cert of certs) {
    const key = typeof cert === 'string' ? createPublicKey(cert) : cert;
    if (createVerify(HASH[algorithm]).update(signed, 'utf8').verify(key, signature)) return { signed: true, algorithm };
  }
  throw protocolError('signature_invalid', 'The request signature does not verify with the configured certificate');
}
