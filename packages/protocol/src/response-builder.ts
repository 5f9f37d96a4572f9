// The IdP's Response, written directly in Exclusive XML Canonicalization form
// (xml-exc-c14n §3 / xml-c14n §2.3): start+end tags, attributes sorted, namespace
// declarations only where visibly used, no whitespace between elements. Because the
// bytes we write ARE the canonical bytes, each digest is one hash over a string and each
// SignatureValue is one RSA signature over the canonical SignedInfo — no DOM, no c14n pass.
// One exception on the wire: NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR go as character
// references (`toWireForm`), which canonicalise back to the bytes that were digested.

import type { KeyObject } from 'node:crypto';
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { encryptedAssertion } from './assertion-encryption.js';
import { certificateBody } from './certificate.js';
import { toSamlInstant } from './ids.js';
import { signMetadata } from './metadata-signature.js';
import { ALGORITHMS, ATTRNAME_FORMAT_BASIC, NS, SUBJECT_CONFIRMATION_BEARER, statusCodeUrn } from './namespaces.js';
import { protocolInputError } from './protocol-errors.js';
import { runAsync, runSync, type SignatureFunction, type SigningSteps, threadpoolSignature } from './signature-steps.js';
import type { ResponseInput, SignatureAlgorithm } from './types.js';
import { assertXmlChars, escapeC14nAttr as attr, escapeC14nText as text, toWireForm } from './xml/escape.js';

export interface ResponseSignerOptions {
  privateKeyPem: string;
  certificatePem: string;
}

export interface ResponseSigner {
  /** Returns the signed samlp:Response (no XML declaration; UTF-8 when encoded). */
  issue(input: ResponseInput): string;
  /**
   * The same bytes as `issue`, with each RSA signature made by `signature` (signature-steps.ts): the canonical
   * SignedInfo is built here, only the RSA operation goes elsewhere (default: libuv's threadpool), so the event loop
   * keeps serving while the Response is signed. Invalid input rejects with the errors `issue` throws.
   */
  issueAsync(input: ResponseInput, signature?: SignatureFunction): Promise<string>;
  /** Signs an EntityDescriptor that has an ID with the same key (metadata-signature.ts). */
  signMetadata(xml: string): string;
}

interface AlgorithmTemplate {
  hash: string;
  digestAlgorithm: string;
  /** `<ds:SignedInfo …><ds:Reference URI="#` with and without xmlns:ds (apex form vs in-document form). */
  signedInfoApexHead: string;
  signedInfoHead: string;
  /** `"><ds:Transforms>…<ds:DigestValue>` */
  signedInfoMiddle: string;
}

const DS_TAIL_SIGNED_INFO = '</ds:DigestValue></ds:Reference></ds:SignedInfo>';
const ALG: Record<SignatureAlgorithm, { uri: string; hash: string; digestUri: string }> = {
  'rsa-sha256': { uri: ALGORITHMS.rsaSha256, hash: 'sha256', digestUri: ALGORITHMS.sha256 },
  'rsa-sha512': { uri: ALGORITHMS.rsaSha512, hash: 'sha512', digestUri: ALGORITHMS.sha512 },
  'rsa-sha1': { uri: ALGORITHMS.rsaSha1, hash: 'sha1', digestUri: ALGORITHMS.sha1 },
};

function template(alg: SignatureAlgorithm): AlgorithmTemplate {
  const { uri, hash, digestUri } = ALG[alg];
  const inner = `<ds:CanonicalizationMethod Algorithm="${ALGORITHMS.excC14n}"></ds:CanonicalizationMethod><ds:SignatureMethod Algorithm="${uri}"></ds:SignatureMethod><ds:Reference URI="#`;
  return {
    hash,
    digestAlgorithm: digestUri,
    // As an apex of exc-c14n, SignedInfo renders the ds namespace it uses (xml-exc-c14n §3).
    signedInfoApexHead: `<ds:SignedInfo xmlns:ds="${NS.ds}">${inner}`,
    signedInfoHead: `<ds:SignedInfo>${inner}`,
    // xmldsig §6.6.4 enveloped-signature, then exclusive c14n (saml-core §5.4.3, §5.4.4).
    signedInfoMiddle: `"><ds:Transforms><ds:Transform Algorithm="${ALGORITHMS.envelopedSignature}"></ds:Transform><ds:Transform Algorithm="${ALGORITHMS.excC14n}"></ds:Transform></ds:Transforms><ds:DigestMethod Algorithm="${digestUri}"></ds:DigestMethod><ds:DigestValue>`,
  };
}

const TEMPLATES: Record<SignatureAlgorithm, AlgorithmTemplate> = {
  'rsa-sha256': template('rsa-sha256'),
  'rsa-sha512': template('rsa-sha512'),
  'rsa-sha1': template('rsa-sha1'),
};

// xs:ID is an NCName; keep to the ASCII subset every verifier's ID lookup handles.
const NCNAME_ASCII = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function checkId(value: string, field: string): void {
  if (typeof value !== 'string' || !NCNAME_ASCII.test(value)) {
    throw protocolInputError('invalid_id', `${field} must be an xs:ID (letter or _ first, then letters, digits, _ . -)`);
  }
}

function instant(value: Date, field: string): string {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw protocolInputError('invalid_date', `${field} must be a valid Date`);
  }
  return toSamlInstant(value);
}

function str(value: string, field: string): string {
  assertXmlChars(value, field);
  return value;
}

export function createResponseSigner({ privateKeyPem, certificatePem }: ResponseSignerOptions): ResponseSigner {
  const key: KeyObject = createPrivateKey(privateKeyPem);
  const x509 = new X509Certificate(certificatePem);
  if (!x509.checkPrivateKey(key)) {
    throw protocolInputError('key_certificate_mismatch', undefined, { expose: false });
  }
  // xmldsig §4.4.4: the certificate always travels in KeyInfo (TalentLMS fingerprints it).
  const signatureTail = `</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificateBody(certificatePem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>`;
  const SIGNATURE_HEAD = `<ds:Signature xmlns:ds="${NS.ds}">`;

  /** The canonical SignedInfo of an enveloped signature over `canonical` (the referenced element without it), and its
   * text after `URI="#` (xmldsig §3.1.1: one hash over the canonical bytes). */
  function signedInfo(tpl: AlgorithmTemplate, id: string, canonical: string): { rest: string; data: Buffer } {
    const digest = createHash(tpl.hash).update(canonical, 'utf8').digest('base64');
    const rest = `${id}${tpl.signedInfoMiddle}${digest}${DS_TAIL_SIGNED_INFO}`;
    return { rest, data: Buffer.from(tpl.signedInfoApexHead + rest, 'utf8') };
  }

  /** `<ds:Signature>` up to its SignatureValue's text; `signatureTail` follows that value. */
  const signatureHead = (tpl: AlgorithmTemplate, rest: string) => `${SIGNATURE_HEAD}${tpl.signedInfoHead}${rest}<ds:SignatureValue>`;

  /** An enveloped ds:Signature over `canonical`: one stop for the driver (runSync / runAsync). */
  function* signature(tpl: AlgorithmTemplate, id: string, canonical: string): SigningSteps {
    const info = signedInfo(tpl, id, canonical);
    const { value } = yield { hash: tpl.hash, data: info.data };
    return `${signatureHead(tpl, info.rest)}${value}${signatureTail}`;
  }

  function* build(input: ResponseInput): SigningSteps {
    const tpl = TEMPLATES[input.signatureAlgorithm ?? 'rsa-sha256'];
    if (!tpl) throw protocolInputError('invalid_algorithm');
    const mode = input.signing;
    if (mode !== 'both' && mode !== 'assertion' && mode !== 'response') {
      throw protocolInputError('invalid_signing_mode');
    }
    checkId(input.responseId, 'responseId');
    const issueInstant = instant(input.issueInstant, 'issueInstant');
    const issuer = text(str(input.issuer, 'issuer'));
    const destination = attr(str(input.destination, 'destination'));
    const inResponseTo = input.inResponseTo === undefined ? '' : attr(str(input.inResponseTo, 'inResponseTo'));
    const success = input.status.code === 'Success';

    // saml-core §3.2.2: Status / StatusCode (optionally nested) / StatusMessage.
    let status = `<samlp:Status><samlp:StatusCode Value="${statusCodeUrn(input.status.code)}">`;
    if (input.status.subCode) status += `<samlp:StatusCode Value="${statusCodeUrn(input.status.subCode)}"></samlp:StatusCode>`;
    status += '</samlp:StatusCode>';
    if (input.status.message !== undefined) {
      status += `<samlp:StatusMessage>${text(str(input.status.message, 'status.message'))}</samlp:StatusMessage>`;
    }
    status += '</samlp:Status>';

    const parts = success && input.assertion ? assertionParts(input, issueInstant, issuer, destination, inResponseTo) : undefined;
    if (success && !parts) throw protocolInputError('missing_assertion');

    // saml-core §3.2.2 StatusResponseType; attributes in c14n order.
    const open = `<samlp:Response xmlns:samlp="${NS.protocol}" Destination="${destination}" ID="${input.responseId}"${
      inResponseTo ? ` InResponseTo="${inResponseTo}"` : ''
    } IssueInstant="${issueInstant}" Version="2.0">`;
    const issuerEl = `<saml:Issuer xmlns:saml="${NS.assertion}">${issuer}</saml:Issuer>`;

    if (parts && mode === 'both' && !input.encryptAssertion) {
      // Both signatures in one stop (signature-steps.ts): the Response's digest covers the signed Assertion
      // (saml-core §5.4.1), so the signer fills the Assertion's SignatureValue into the Response before digesting it.
      const info = signedInfo(tpl, input.assertionId, `${parts.head}${parts.rest}`);
      const beforeValue = `${status}${parts.head}${signatureHead(tpl, info.rest)}`;
      const afterValue = `${signatureTail}${parts.rest}</samlp:Response>`;
      const answer = yield {
        hash: tpl.hash,
        data: info.data,
        enveloping: {
          documentHead: `${open}${issuerEl}${beforeValue}`,
          documentTail: afterValue,
          signedInfoHead: `${tpl.signedInfoApexHead}${input.responseId}${tpl.signedInfoMiddle}`,
          signedInfoTail: DS_TAIL_SIGNED_INFO,
        },
      };
      if (!answer.enveloping) throw new Error('the signer answered the Assertion signature without the Response signature');
      const responseRest = `${input.responseId}${tpl.signedInfoMiddle}${answer.enveloping.digest}${DS_TAIL_SIGNED_INFO}`;
      const responseSignature = `${signatureHead(tpl, responseRest)}${answer.enveloping.value}${signatureTail}`;
      return toWireForm(`${open}${issuerEl}${responseSignature}${beforeValue}${answer.value}${afterValue}`);
    }

    let assertion = '';
    if (parts) {
      assertion =
        mode === 'response'
          ? `${parts.head}${parts.rest}`
          : // saml-core §5.4.1: the assertion's signature follows its Issuer.
            `${parts.head}${yield* signature(tpl, input.assertionId, `${parts.head}${parts.rest}`)}${parts.rest}`;
      // saml-core §6.2: signed first, then encrypted (the Response signature, if any, then covers the ciphertext).
      if (input.encryptAssertion) assertion = encryptedAssertion(toWireForm(assertion), input.encryptAssertion);
    }
    const body = `${status}${assertion}</samlp:Response>`;
    // A Response without an assertion is always signed (nothing else would vouch for it).
    if (mode === 'assertion' && assertion !== '') return toWireForm(`${open}${issuerEl}${body}`);
    // saml-core §5.4.1/§5.4.2: enveloped signature right after the Issuer.
    const responseSignature = yield* signature(tpl, input.responseId, `${open}${issuerEl}${body}`);
    return toWireForm(`${open}${issuerEl}${responseSignature}${body}`);
  }

  /** The unsigned Assertion: `head` (start tag and Issuer, where its signature goes) and `rest`. */
  function assertionParts(
    input: ResponseInput,
    issueInstant: string,
    issuer: string,
    destination: string,
    inResponseTo: string,
  ): { head: string; rest: string } | undefined {
    const a = input.assertion;
    if (!a) return undefined;
    checkId(input.assertionId, 'assertionId');
    const open = `<saml:Assertion xmlns:saml="${NS.assertion}" ID="${input.assertionId}" IssueInstant="${issueInstant}" Version="2.0">`;
    const issuerEl = `<saml:Issuer>${issuer}</saml:Issuer>`;
    // saml-core §2.4 Subject; saml-profiles §4.1.4.2 bearer confirmation with Recipient/NotOnOrAfter.
    // saml-core §2.2.2 NameIDType: Format, NameQualifier, SPNameQualifier (c14n order).
    const qualifiers =
      (a.nameQualifier !== undefined ? ` NameQualifier="${attr(str(a.nameQualifier, 'nameQualifier'))}"` : '') +
      (a.spNameQualifier !== undefined ? ` SPNameQualifier="${attr(str(a.spNameQualifier, 'spNameQualifier'))}"` : '');
    const subject = `<saml:Subject><saml:NameID Format="${attr(str(a.nameIdFormat, 'nameIdFormat'))}"${qualifiers}>${text(
      str(a.nameId, 'nameId'),
    )}</saml:NameID><saml:SubjectConfirmation Method="${SUBJECT_CONFIRMATION_BEARER}"><saml:SubjectConfirmationData${
      inResponseTo ? ` InResponseTo="${inResponseTo}"` : ''
    } NotOnOrAfter="${instant(a.subjectNotOnOrAfter, 'subjectNotOnOrAfter')}" Recipient="${destination}"></saml:SubjectConfirmationData></saml:SubjectConfirmation></saml:Subject>`;
    // saml-core §2.5.1 Conditions / §2.5.1.4 AudienceRestriction.
    const conditions = `<saml:Conditions NotBefore="${instant(a.notBefore, 'notBefore')}" NotOnOrAfter="${instant(
      a.notOnOrAfter,
      'notOnOrAfter',
    )}"><saml:AudienceRestriction><saml:Audience>${text(str(a.audience, 'audience'))}</saml:Audience></saml:AudienceRestriction></saml:Conditions>`;
    // saml-core §2.7.2 AuthnStatement.
    const authn = `<saml:AuthnStatement AuthnInstant="${instant(a.authnInstant, 'authnInstant')}" SessionIndex="${attr(
      str(a.sessionIndex, 'sessionIndex'),
    )}"${
      a.sessionNotOnOrAfter ? ` SessionNotOnOrAfter="${instant(a.sessionNotOnOrAfter, 'sessionNotOnOrAfter')}"` : ''
    }><saml:AuthnContext><saml:AuthnContextClassRef>${text(
      str(a.authnContextClassRef, 'authnContextClassRef'),
    )}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`;
    // saml-core §2.7.3 AttributeStatement (omitted when empty: it needs at least one Attribute).
    let attrs = '';
    if (a.attributes.length > 0) {
      attrs = '<saml:AttributeStatement>';
      for (const at of a.attributes) {
        // saml-core §2.7.3.1: FriendlyName, Name, NameFormat (c14n order).
        const friendly = at.friendlyName ? ` FriendlyName="${attr(str(at.friendlyName, 'attribute friendlyName'))}"` : '';
        attrs += `<saml:Attribute${friendly} Name="${attr(str(at.name, 'attribute name'))}" NameFormat="${attr(
          str(at.nameFormat ?? ATTRNAME_FORMAT_BASIC, 'attribute nameFormat'),
        )}">`;
        for (const v of at.values) attrs += `<saml:AttributeValue>${text(str(v, `attribute ${at.name} value`))}</saml:AttributeValue>`;
        attrs += '</saml:Attribute>';
      }
      attrs += '</saml:AttributeStatement>';
    }
    return { head: `${open}${issuerEl}`, rest: `${subject}${conditions}${authn}${attrs}</saml:Assertion>` };
  }

  const onThreadpool = threadpoolSignature(key);
  return {
    issue: (input) => runSync(build(input), key),
    issueAsync: async (input, signature = onThreadpool) => runAsync(build(input), signature),
    signMetadata: (xml) => signMetadata(xml, { privateKeyPem, certificatePem }),
  };
}
