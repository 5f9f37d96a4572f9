// Back-channel Single Logout (saml-profiles §4.4.3.3 / §4.4.4.2, SAML SOAP binding saml-bindings §3.2): the IdP POSTs
// a signed LogoutRequest in a SOAP 1.1 envelope to a participant's SOAP SingleLogoutService, server to server, and
// reads the synchronous answer. The fetch follows the metadata-URL import's rules: http(s) only, no redirects, a
// deadline (IDP_SLO_PARTICIPANT_TIMEOUT_SECONDS), a size cap. The answer must be a LogoutResponse signed with the
// application's SP certificate (enveloped, saml-core §5.4), InResponseTo our request, Issuer the SP entity ID and,
// when present, Destination our SLO URL. Nothing of the raw XML is logged; the outcome carries a reason a person reads.
import {
  buildSignedLogoutRequest,
  LOGOUT_REASON_ADMIN,
  newSamlId,
  parseLogoutResponse,
  readSoapMessage,
  SOAP_ACTION,
  soapEnvelope,
  statusName,
} from '@samlbridge/protocol';
import { readBoundedBody } from '@samlbridge/web';
import type { ResolvedApplication } from '../../domain.js';
import type { SessionParticipant } from '../../store/single-logout-types.js';
import type { IdpDeps } from '../deps.js';
import { idpSloUrl } from './slo-url.js';

/** confirmed: Success; partial: PartialLogout; refused: the answer is not a LogoutResponse we can trust; failed: SOAP Fault, HTTP error, or a non-success status. */
export type BackChannelOutcome = 'confirmed' | 'partial' | 'refused' | 'failed' | 'unreachable' | 'timeout';

export interface BackChannelResult {
  outcome: BackChannelOutcome;
  /** Why, when not confirmed (no XML). */
  reason?: string;
}

const MAX_ANSWER_BYTES = 64 * 1024;
const PEM_BLOCKS = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Whether a value is an http(s) URL (the only kind of SOAP SLO endpoint accepted or called). */
export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

function networkProblem(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}

/** Sends one participant its LogoutRequest over SOAP and says how it went. Never throws for the participant's faults. */
export async function logoutBySoap(
  deps: IdpDeps,
  app: ResolvedApplication,
  soapUrl: string,
  participant: SessionParticipant,
  reason: string = LOGOUT_REASON_ADMIN,
): Promise<BackChannelResult> {
  if (!isHttpUrl(soapUrl)) return { outcome: 'failed', reason: 'The SOAP Single Logout URL is not an http(s) URL.' };
  const timeoutMs = deps.config.sloParticipantTimeoutSeconds * 1000;
  const now = deps.clock.now();
  const id = newSamlId();
  const request = buildSignedLogoutRequest(
    {
      id,
      issueInstant: now,
      issuer: app.idpEntityId,
      destination: soapUrl,
      nameId: participant.nameId,
      sessionIndexes: [participant.sessionIndex],
      notOnOrAfter: new Date(now.getTime() + timeoutMs),
      reason,
    },
    deps.messageSigningKey,
  );
  const origin = new URL(soapUrl).origin;
  let status: number;
  let body: string;
  try {
    // saml-bindings §3.2.3.3: HTTP POST, text/xml, the SOAPAction header; §3.2.3.1 no redirects are followed.
    const res = await fetch(soapUrl, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: SOAP_ACTION, accept: 'text/xml' },
      body: soapEnvelope(request),
    });
    status = res.status;
    if (status >= 300 && status < 400) {
      await res.body?.cancel();
      return { outcome: 'failed', reason: `${origin} answered with a redirect (HTTP ${status}); redirects are not followed.` };
    }
    const text = await readBoundedBody(res, MAX_ANSWER_BYTES);
    if (text === undefined) return { outcome: 'failed', reason: `The answer is larger than ${MAX_ANSWER_BYTES / 1024} KiB.` };
    body = text;
  } catch (err) {
    if ((err as Error).name === 'TimeoutError') {
      return { outcome: 'timeout', reason: `${origin} did not answer within ${deps.config.sloParticipantTimeoutSeconds} s.` };
    }
    return { outcome: 'unreachable', reason: `${origin} could not be reached (${networkProblem(err)}).` };
  }
  const signing = await deps.store.requestSigning.get(app.id);
  const certificates = signing?.spCertificatePem.match(PEM_BLOCKS) ?? [];
  let read: ReturnType<typeof readSoapMessage>;
  try {
    read = readSoapMessage(body, { certificates, allowSha1: signing?.allowSha1 ?? false, maxBytes: MAX_ANSWER_BYTES });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'unexpected_signature') return { outcome: 'refused', reason: (err as Error).message };
    return { outcome: 'failed', reason: `HTTP ${status}: the answer is not a SAML SOAP message (${(err as Error).message}).` };
  }
  if (read.kind === 'fault') return { outcome: 'failed', reason: `SOAP Fault ${read.faultCode}: ${read.faultString}` };
  if (status !== 200) return { outcome: 'failed', reason: `HTTP ${status}.` };
  if (read.localName !== 'LogoutResponse') return { outcome: 'failed', reason: `The answer is a ${read.localName}, not a LogoutResponse.` };
  if (!read.signed) return { outcome: 'refused', reason: 'The LogoutResponse is not signed.' };
  if (certificates.length === 0) {
    return { outcome: 'refused', reason: 'The application has no SP certificate to verify its LogoutResponse with.' };
  }
  if (!read.signedXml) {
    return { outcome: 'refused', reason: "The LogoutResponse signature does not verify with the application's SP certificate." };
  }
  let response: ReturnType<typeof parseLogoutResponse>;
  try {
    response = parseLogoutResponse(read.signedXml, { maxBytes: MAX_ANSWER_BYTES });
  } catch (err) {
    return { outcome: 'failed', reason: (err as Error).message };
  }
  if (response.inResponseTo !== id)
    return { outcome: 'refused', reason: 'The LogoutResponse does not answer this LogoutRequest (InResponseTo).' };
  // saml-profiles §4.4.4.2: the Issuer of a LogoutResponse MUST be present.
  if (response.issuer !== app.spEntityId) return { outcome: 'refused', reason: 'The LogoutResponse comes from another entity (Issuer).' };
  if (response.destination !== undefined && response.destination !== idpSloUrl(app)) {
    return { outcome: 'refused', reason: 'The LogoutResponse is addressed to another URL (Destination).' };
  }
  // saml-core §3.7.3.2: PartialLogout when not every session could be ended.
  if (statusName(response.status.subCode) === 'PartialLogout')
    return { outcome: 'partial', reason: 'The application ended only some sessions.' };
  if (response.success) return { outcome: 'confirmed' };
  const code = [statusName(response.status.code) ?? response.status.code, statusName(response.status.subCode) ?? response.status.subCode]
    .filter(Boolean)
    .join('/');
  return {
    outcome: 'failed',
    reason: `The application answered ${code}${response.status.message ? `: ${response.status.message.slice(0, 200)}` : ''}.`,
  };
}

/** Runs `fn` over `items`, at most `limit` at a time, keeping the order of the results. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
