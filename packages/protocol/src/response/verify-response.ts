// Verifying a SAML Response at a service provider's ACS (saml-profiles §4.1.4), independent of any one SP: the
// caller says whom it trusts and what it expects; it gets the signed identity back or a ResponseRejectedError
// whose code is the reason. Every step is in ./steps.ts; this file only chains them.
import { runCheck, runCheckAsync } from './check-log.js';
import { reject } from './rejections.js';
import { decodeMessage, findTheAssertion, parseResponse, verifyParsed } from './steps.js';
import type { AcceptResponseOptions, VerifiedResponse, VerifyResponseOptions } from './types.js';

const DEFAULT_MAX_BYTES = 256 * 1024;

/**
 * Everything that needs no memory of earlier messages: decoding, exactly one assertion, signatures with the
 * trusted keys only, then status, Destination, Issuer, Recipient, Audience and time windows on the signed bytes.
 * A caller using this alone must still check InResponseTo and replay itself; verifyResponse does both.
 */
export function verifyResponseStateless(message: string, options: VerifyResponseOptions): VerifiedResponse {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const { checks } = options;
  const xml = runCheck(checks, 'decode', () => decodeMessage(message, maxBytes, { acceptRawXml: options.acceptRawXml === true }));
  const parsed = runCheck(checks, 'parse', () => parseResponse(xml, maxBytes));
  return verifyParsed(
    runCheck(checks, 'assertion', () => findTheAssertion(parsed, options.decryption, maxBytes)),
    options,
  );
}

/**
 * The whole ACS check: verifyResponseStateless, then saml-profiles §4.1.4.3 (an answer to one of our requests,
 * consumed once, or unsolicited when allowed) and §4.1.4.5 (each assertion ID accepted once while it could be valid).
 */
export async function verifyResponse(message: string, options: AcceptResponseOptions): Promise<VerifiedResponse> {
  const verified = verifyResponseStateless(message, options);
  const refuse = (reason: 'unsolicited_not_allowed' | 'unknown_in_response_to' | 'replayed_assertion', received?: string) => {
    const err = reject(reason, undefined, received === undefined ? undefined : { received });
    err.subject = verified.nameId;
    return err;
  };
  await runCheckAsync(options.checks, 'in_response_to', async () => {
    if (verified.inResponseTo === undefined || verified.inResponseTo === '') {
      if (!options.inResponseTo.allowUnsolicited) throw refuse('unsolicited_not_allowed');
    } else if (!(await options.inResponseTo.consume(verified.inResponseTo))) {
      throw refuse('unknown_in_response_to', verified.inResponseTo);
    }
  });
  await runCheckAsync(options.checks, 'replay', async () => {
    if (!(await options.replay(verified.assertionId, verified.replayUntil))) throw refuse('replayed_assertion', verified.assertionId);
  });
  return verified;
}
