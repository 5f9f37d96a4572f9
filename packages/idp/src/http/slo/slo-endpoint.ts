// `GET|POST /saml2/{app}/slo` — the IdP's SingleLogoutService (saml-profiles §4.4, both bindings). A LogoutRequest
// from the application's SP ends the IdP session and starts the chain (chain.ts); a LogoutResponse from a participant
// moves the chain on. `/logout/continue` and `/logout/done` are the chain's own pages.
import {
  decodePost,
  decodeRedirect,
  type LogoutBinding,
  newSamlId,
  parseLogoutRequest,
  parseLogoutResponse,
  verifyLogoutSignature,
} from '@samlbridge/protocol';
import { noCache } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import type { ResolvedApplication } from '../../domain.js';
import { readSignIn } from '../auth-session.js';
import type { IdpDeps } from '../deps.js';
import { SSO_LIMITS } from '../sso/limits.js';
import { findApplication } from '../sso/read-request.js';
import { requireApp, ssoState } from '../sso/state.js';
import { advance, expireWaiting, FLOW_COOKIE, idpSloUrl, renderDone, renderWaiting, startFlow } from './chain.js';
import { sendLogoutResponse } from './send-message.js';
import { sloError } from './slo-errors.js';

const PEM_BLOCKS = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

interface Received {
  kind: 'request' | 'response';
  binding: LogoutBinding;
  xml: string;
  relayState?: string;
}

function receive(ctx: ParameterizedContext): Received {
  const post = ctx.method === 'POST';
  const source = (post ? (ctx.request as { body?: Record<string, unknown> }).body : ctx.query) ?? {};
  const request = source.SAMLRequest;
  const response = source.SAMLResponse;
  const value = request ?? response;
  if (typeof value !== 'string' || (request !== undefined && response !== undefined)) {
    throw sloError('logout_malformed', 'Expected exactly one SAMLRequest or SAMLResponse.');
  }
  const relayState = typeof source.RelayState === 'string' ? source.RelayState : undefined;
  const xml = post
    ? decodePost(value, { maxBytes: SSO_LIMITS.xmlBytes })
    : decodeRedirect(value, { maxInflatedBytes: SSO_LIMITS.xmlBytes, maxEncodedBytes: SSO_LIMITS.encodedBytes });
  return {
    kind: request !== undefined ? 'request' : 'response',
    binding: post ? 'post' : 'redirect',
    xml,
    ...(relayState ? { relayState } : {}),
  };
}

/** The application's request-signing settings apply: its SP certificate verifies, "require signed" refuses unsigned. */
async function verified(ctx: ParameterizedContext, deps: IdpDeps, app: ResolvedApplication, msg: Received): Promise<string> {
  const settings = await deps.store.requestSigning.get(app.id);
  const certificates = settings?.spCertificatePem.match(PEM_BLOCKS) ?? [];
  if (certificates.length === 0) {
    if (settings?.requireSignedRequests) throw sloError('logout_signature_required');
    return msg.xml;
  }
  let result: ReturnType<typeof verifyLogoutSignature>;
  try {
    result = verifyLogoutSignature({
      binding: msg.binding,
      xml: msg.xml,
      rawQuery: ctx.querystring,
      certificates,
      allowSha1: settings?.allowSha1 ?? false,
    });
  } catch (err) {
    deps.logger.info({ application: app.name, problem: (err as Error).message }, 'logout message signature refused');
    throw sloError('logout_signature_invalid');
  }
  if (!result.signed) {
    if (settings?.requireSignedRequests) throw sloError('logout_signature_required');
    return msg.xml;
  }
  return result.signedXml;
}

function checkDestination(app: ResolvedApplication, destination: string | undefined): void {
  // saml-bindings §3.4.5.2 / §3.5.5.2: a signed message's Destination must be where it arrived.
  if (destination !== undefined && destination !== idpSloUrl(app)) throw sloError('logout_destination_mismatch');
}

async function onLogoutRequest(ctx: ParameterizedContext, deps: IdpDeps, app: ResolvedApplication, msg: Received): Promise<void> {
  const sloSettings = await deps.store.singleLogout.getSettings(app.id);
  if (!sloSettings?.sloUrl) {
    throw sloError(
      'slo_not_configured',
      `${app.displayLabel} has no Single Logout URL configured at this identity provider. Ask your administrator.`,
    );
  }
  const request = parseLogoutRequest(await verified(ctx, deps, app, msg), { maxBytes: SSO_LIMITS.xmlBytes });
  if (request.issuer !== app.spEntityId) throw sloError('logout_issuer_mismatch');
  checkDestination(app, request.destination);
  const now = deps.clock.now();
  const skew = deps.config.clockSkewSeconds * 1000;
  // saml-core §3.7.1 NotOnOrAfter; and no older than an AuthnRequest may be.
  if (request.notOnOrAfter && now.getTime() >= request.notOnOrAfter.getTime() + skew) throw sloError('logout_expired');
  if (now.getTime() - request.issueInstant.getTime() > deps.config.requestMaxAgeSeconds * 1000 + skew) throw sloError('logout_expired');
  const replayUntil = new Date(now.getTime() + deps.config.requestMaxAgeSeconds * 1000 + 2 * skew);
  if (!(await deps.store.authnRequestIds.consume(app.id, `logout:${request.id}`, replayUntil))) throw sloError('logout_replayed');

  // The session: the one named by SessionIndex, else the browser's own; the NameID must be the one this SP was sent.
  const signIn = readSignIn(ctx);
  const sessionIndex = request.sessionIndexes[0] ?? signIn?.sessionIndex;
  const participants = sessionIndex ? await deps.store.singleLogout.participantsOfSession(sessionIndex) : [];
  const own = participants.find((p) => p.applicationId === app.id);
  const respond = (status: Parameters<typeof sendLogoutResponse>[3]['status']) =>
    sendLogoutResponse(
      ctx,
      deps,
      sloSettings.binding,
      {
        id: newSamlId(),
        inResponseTo: request.id,
        issueInstant: now,
        issuer: app.idpEntityId,
        destination: sloSettings.sloResponseUrl || sloSettings.sloUrl,
        status,
      },
      msg.relayState,
    );
  if (
    !own ||
    !sessionIndex ||
    own.nameId.value !== request.nameId.value ||
    (request.nameId.format && own.nameId.format && request.nameId.format !== own.nameId.format)
  ) {
    // saml-core §3.7.3.2: the principal is not known in a session with this SP. The local session is ended anyway.
    if (signIn) ctx.state.session.destroy();
    await deps.services.events.record({
      type: 'sso_logout',
      initiator: 'anonymous',
      userId: null,
      username: null,
      application: app.name,
      success: false,
      reason: 'unknown_session',
      detail: { initiatedBy: 'sp' },
    });
    return respond({ code: 'Requester', subCode: 'UnknownPrincipal', message: 'No session of this principal with this service provider' });
  }
  const user = await deps.services.directory.findUser(own.userId);
  await deps.store.singleLogout.endSession(sessionIndex, own.userId, now, new Date(now.getTime() + deps.config.sessionTtlSeconds * 1000));
  if (signIn?.sessionIndex === sessionIndex) ctx.state.session.destroy();
  const flow = await startFlow(deps, { userId: own.userId, username: user?.username ?? own.userId, sessionIndex }, participants, {
    applicationId: app.id,
    requestId: request.id,
    ...(msg.relayState ? { relayState: msg.relayState } : {}),
    binding: sloSettings.binding,
  });
  await advance(ctx, deps, flow);
}

async function onLogoutResponse(ctx: ParameterizedContext, deps: IdpDeps, app: ResolvedApplication, msg: Received): Promise<void> {
  const response = parseLogoutResponse(await verified(ctx, deps, app, msg), { maxBytes: SSO_LIMITS.xmlBytes });
  if (response.issuer !== undefined && response.issuer !== app.spEntityId) throw sloError('logout_issuer_mismatch');
  checkDestination(app, response.destination);
  const flow = response.inResponseTo
    ? await deps.store.singleLogout.findFlowByRequestId(response.inResponseTo, deps.clock.now())
    : undefined;
  const participant = flow?.participants.find((p) => p.requestId === response.inResponseTo && p.outcome === 'sent');
  if (!flow || !participant || participant.applicationId !== app.id) throw sloError('logout_response_unexpected');
  participant.outcome = response.success ? 'confirmed' : 'failed';
  flow.currentRequestId = null;
  await advance(ctx, deps, flow);
}

const handle =
  (deps: IdpDeps): Middleware =>
  async (ctx) => {
    const app = requireApp(ssoState(ctx));
    const msg = receive(ctx);
    if (deps.config.samlTrace) deps.logger.trace({ application: app.name, xml: msg.xml }, 'logout message received');
    if (msg.kind === 'request') await onLogoutRequest(ctx, deps, app, msg);
    else await onLogoutResponse(ctx, deps, app, msg);
  };

const continueFlow =
  (deps: IdpDeps): Middleware =>
  async (ctx) => {
    const id = typeof ctx.query.flow === 'string' ? ctx.query.flow : (ctx.cookies.get(FLOW_COOKIE) ?? '');
    const flow = await deps.store.singleLogout.getFlow(id, deps.clock.now());
    if (!flow) throw sloError('logout_flow_unknown');
    if (expireWaiting(deps, flow)) return advance(ctx, deps, flow);
    if (flow.participants.some((p) => p.outcome === 'sent')) return renderWaiting(ctx, deps, flow);
    await advance(ctx, deps, flow);
  };

const done =
  (deps: IdpDeps): Middleware =>
  async (ctx) => {
    const flow = await deps.store.singleLogout.getFlow(String(ctx.query.flow ?? ''), deps.clock.now());
    if (!flow || flow.initiator) throw sloError('logout_flow_unknown');
    renderDone(ctx, flow);
  };

export function sloRoutes(deps: IdpDeps) {
  return {
    endpoint: [noCache, findApplication(deps), handle(deps)] as Middleware[],
    continue: [noCache, continueFlow(deps)] as Middleware[],
    done: [noCache, done(deps)] as Middleware[],
  };
}
