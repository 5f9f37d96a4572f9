// Back-channel Single Logout at the SP (saml-profiles §4.4.4.2, SAML SOAP binding saml-bindings §3.2):
// POST {SLO_PATH}/{host}/soap. The IdP posts a signed LogoutRequest in a SOAP 1.1 envelope (no browser, no cookie);
// it is checked as the front-channel one is (signature by the trusted IdP key required, Issuer, Destination,
// NotOnOrAfter, its ID accepted once), the LMS sessions of its SessionIndex end on every instance, and the answer is
// a LogoutResponse signed with the SP key in a SOAP envelope: Success, or Requester / Responder with a reason.
// Not even SOAP: HTTP 400. A SOAP envelope without a readable LogoutRequest: SOAP Fault, HTTP 500 (SOAP 1.1 §6.2).
import {
  buildSignedLogoutResponse,
  newSamlId,
  type ParsedLogoutRequest,
  parseLogoutRequest,
  readSoapMessage,
  type SamlStatus,
  soapEnvelope,
  soapFault,
} from '@samlbridge/protocol';
import { noCache } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import type { SpDeps } from '../deps.js';
import { spEntityId, type Tenant } from '../tenant.js';
import { logoutRequestProblem, singleLogoutSettings } from './logout-request-checks.js';
import { idpSloUrl, SLO_PATH, spSigningKey, trustedCertificates } from './single-logout.js';

const MAX_BYTES = 64 * 1024;

export const SLO_SOAP_PATH = `${SLO_PATH}/:host/soap`;

export function sloSoapUrl(tenant: Tenant): string {
  return `${tenant.origin}${SLO_PATH}/${tenant.host}/soap`;
}

async function readRawBody(ctx: ParameterizedContext): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function answerFault(ctx: ParameterizedContext, code: 'Client' | 'Server', message: string): void {
  ctx.status = 500;
  ctx.type = 'text/xml; charset=utf-8';
  ctx.body = soapFault(code, message);
}

/** A refusal that is answered with a LogoutResponse status, not a Fault (saml-core §3.2.2.2). */
class Refusal extends Error {
  constructor(
    readonly status: SamlStatus,
    readonly problem: string,
  ) {
    super(problem);
  }
}
const denied = (message: string) => new Refusal({ code: 'Requester', subCode: 'RequestDenied', message }, message);

export function singleLogoutSoapEndpoint(deps: SpDeps): Middleware[] {
  const { services, store, clock, config, logger } = deps;

  const handle: Middleware = async (ctx) => {
    const tenant = ctx.state.tenant;
    const settings = await singleLogoutSettings(deps, ctx);
    const raw = await readRawBody(ctx);
    if (raw === undefined) return answerFault(ctx, 'Client', `The SOAP message is larger than ${MAX_BYTES / 1024} KiB.`);
    let read: ReturnType<typeof readSoapMessage>;
    try {
      read = readSoapMessage(raw, {
        certificates: trustedCertificates(settings, raw, 'post'),
        allowSha1: settings.allowSha1,
        maxBytes: MAX_BYTES,
      });
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'not_soap') {
        ctx.status = 400;
        ctx.type = 'text/plain; charset=utf-8';
        ctx.body = `Expected a SOAP 1.1 envelope holding a SAML LogoutRequest (saml-bindings §3.2): ${(err as Error).message}.`;
        return;
      }
      if (code === 'malformed_soap_message' || code === 'message_too_large' || code === 'unexpected_signature') {
        return answerFault(ctx, 'Client', (err as Error).message);
      }
      throw err;
    }
    if (read.kind === 'fault' || read.localName !== 'LogoutRequest') {
      return answerFault(ctx, 'Client', 'The SOAP Body must hold a samlp:LogoutRequest.');
    }
    if (config.samlTrace) logger.trace({ xml: raw }, 'SOAP logout message received');
    const now = clock.now();
    // The ID to answer: from the verified bytes, else (refusals) as the envelope names it, unverified.
    const signatureProblem = read.signatureError;
    let request: ParsedLogoutRequest | undefined;
    let inResponseTo: string | undefined;
    let status: SamlStatus = { code: 'Success' };
    try {
      if (read.signedXml) {
        try {
          request = parseLogoutRequest(read.signedXml, { maxBytes: MAX_BYTES });
        } catch (err) {
          return answerFault(ctx, 'Client', (err as Error).message);
        }
        inResponseTo = request.id;
      } else {
        inResponseTo = read.id;
        throw denied(
          signatureProblem
            ? 'The LogoutRequest signature does not verify with the identity provider certificate.'
            : 'The LogoutRequest is not signed; this site accepts only signed logout messages.',
        );
      }
      await accept(request, tenant, now);
    } catch (err) {
      if (!(err instanceof Refusal)) {
        logger.error({ err }, 'SOAP logout failed');
        status = { code: 'Responder', message: 'The logout could not be completed at this site.' };
      } else {
        logger.info({ problem: err.problem, ...(signatureProblem ? { signature: signatureProblem } : {}) }, 'SOAP LogoutRequest refused');
        status = err.status;
      }
    }
    await services.audit.record({
      tenant: tenant.id,
      type: 'logout',
      success: status.code === 'Success',
      ...(request ? { user: request.nameId.value } : {}),
      detail: 'saml_single_logout_soap',
      ...(status.code === 'Success' ? {} : { reason: status.message ?? status.code }),
    });
    const key = await spSigningKey(deps);
    ctx.type = 'text/xml; charset=utf-8';
    ctx.body = soapEnvelope(
      buildSignedLogoutResponse(
        {
          id: newSamlId(),
          ...(inResponseTo ? { inResponseTo } : {}),
          issueInstant: now,
          issuer: spEntityId(tenant, settings),
          destination: idpSloUrl(settings),
          status,
        },
        key,
      ),
    );

    async function accept(r: ParsedLogoutRequest, t: Tenant, at: Date): Promise<void> {
      const problem = await logoutRequestProblem(deps, r, { tenant: t, settings, destination: sloSoapUrl(t), now: at });
      if (problem) throw denied(problem);
      if (r.sessionIndexes.length === 0) {
        // This site finds LMS sessions by SessionIndex only (saml-core §3.7.3.2 allows ending fewer than asked).
        throw new Refusal(
          { code: 'Responder', message: 'This site ends sessions by SessionIndex; the LogoutRequest named none.' },
          'LogoutRequest without SessionIndex',
        );
      }
      const ttl = new Date(at.getTime() + config.sessionTtlSeconds * 1000);
      for (const index of r.sessionIndexes) await store.endedSamlSessions.end(t.id, index, ttl, at);
    }
  };

  return [noCache, handle];
}
