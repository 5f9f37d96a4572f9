// Why a SAML Response was refused: one stable reason code per rule (ARCHITECTURE.md §4). The codes are the contract with
// the service provider, which turns each into a sentence for the person and an audit event; the descriptions
// here are for logs and for callers that have no words of their own.
import { SamlError } from '../errors.js';

export const RESPONSE_REJECTIONS = {
  malformed_response: 'The Response could not be read as a SAML 2.0 Response',
  dtd_forbidden: 'The Response contains a DTD, which SAML forbids',
  processing_instruction_forbidden: 'The Response contains a processing instruction other than the XML declaration',
  message_too_large: 'The Response is larger than the accepted size',
  multiple_assertions: 'The Response holds more than one Assertion',
  no_assertion: 'The Response holds no Assertion',
  encrypted_assertion_unsupported: 'The Response holds an EncryptedAssertion, which is not accepted',
  assertion_not_encrypted: 'The Assertion is not encrypted, and an encrypted Assertion is required',
  encrypted_assertion_malformed:
    'The EncryptedAssertion is not one EncryptedData with one EncryptedKey in the message (RetrievalMethod or CipherReference to elsewhere, several keys)',
  encrypted_assertion_too_large: 'A CipherValue of the EncryptedAssertion is larger than accepted',
  decryption_failed: 'The EncryptedAssertion could not be decrypted',
  signature_missing: 'Neither the Response nor its Assertion is signed',
  assertion_signature_required: 'The Assertion itself is not signed, and a signed Assertion is required',
  untrusted_certificate: 'The signing certificate matches no trusted fingerprint or certificate',
  signature_algorithm_forbidden: 'The signature uses an algorithm that is not accepted',
  signature_invalid: 'The signature does not verify',
  malformed_signature: 'The signature is not built the way xmldsig allows',
  unexpected_signature: 'A ds:Signature sits where none belongs',
  status_not_success: 'The Response status is not Success',
  issuer_mismatch: 'The Issuer is not the expected identity provider',
  destination_mismatch: 'The Response Destination is not the expected ACS URL',
  recipient_mismatch: 'No bearer SubjectConfirmationData names the expected ACS URL as Recipient',
  subject_confirmation_missing: 'The Assertion has no usable bearer SubjectConfirmation',
  audience_mismatch: 'The Assertion is not restricted to the expected audience',
  not_yet_valid: 'The Assertion is not valid yet (NotBefore)',
  expired: 'The Assertion has expired (NotOnOrAfter)',
  unknown_in_response_to: 'InResponseTo names a request that is unknown or already answered',
  unsolicited_not_allowed: 'The Response answers no request, and unsolicited Responses are not accepted',
  replayed_assertion: 'The Assertion ID was already accepted once',
} as const;

export type ResponseRejection = keyof typeof RESPONSE_REJECTIONS;

/**
 * A refused Response: 403 (413 for an oversized one), never answered with SAML. `details.detail` says what was
 * found (`details.expected` / `details.received`: the compared values, when a value was compared); `subject` is the NameID from the verified, signed bytes when the refusal came after the signature check
 * (InResponseTo, replay), for the caller's audit only.
 */
export class ResponseRejectedError extends SamlError {
  declare code: ResponseRejection;
  subject?: string;

  constructor(reason: ResponseRejection, detail?: string, values: { expected?: string; received?: string } = {}) {
    const details = {
      ...(detail ? { detail } : {}),
      ...(values.expected !== undefined ? { expected: values.expected } : {}),
      ...(values.received !== undefined ? { received: values.received } : {}),
    };
    super(reason, RESPONSE_REJECTIONS[reason], {
      status: reason === 'message_too_large' ? 413 : 403,
      canRespond: false,
      ...(Object.keys(details).length > 0 ? { details } : {}),
    });
  }
}

/** A refusal; `values` are what the check expected and what the message held (for the SP admin's sign-in log). */
export function reject(
  reason: ResponseRejection,
  detail?: string,
  values?: { expected?: string; received?: string },
): ResponseRejectedError {
  return new ResponseRejectedError(reason, detail, values);
}
