// The logout chain (saml-profiles §4.4.3.2-3): after the IdP session ends, each OTHER participant with an SLO URL gets
// a LogoutRequest through the browser, one at a time (one with only a SOAP URL is told over the back channel); each answers at the IdP's SLO URL (any instance: the chain is
// in the store, found by InResponseTo). A participant that is down is skipped; one that does not answer within
// IDP_SLO_PARTICIPANT_TIMEOUT_SECONDS (injected clock) is given up at /logout/continue. Then the initiator gets a
// signed LogoutResponse: Success, or Responder + PartialLogout when any participant did not confirm; a sign-out at
// the user console ends on a page listing which applications confirmed.
import { randomBytes } from 'node:crypto';
import { LOGOUT_REASON_USER, newSamlId, type SamlStatus } from '@samlbridge/protocol';
import { html } from '@samlbridge/web';
import type { ParameterizedContext } from 'koa';
import type { LogoutFlow, LogoutParticipantState, SessionParticipant } from '../../store/single-logout-types.js';
import type { IdpDeps } from '../deps.js';
import { renderPage } from '../pages.js';
import { endpointReachable, sendLogoutRequest, sendLogoutResponse } from './send-message.js';
import { sloError } from './slo-errors.js';
import { type BackChannelOutcome, logoutBySoap } from './soap-logout.js';

export { idpSloUrl } from './slo-url.js';

/** Names the chain in progress for /logout/continue. */
export const FLOW_COOKIE = 'samlbridge_logout_flow';

const NOT_CONFIRMED = new Set(['failed', 'timeout', 'unreachable', 'sent', 'pending']);

/** A back-channel outcome in the chain's terms: anything but a confirmed logout is not confirmed. */
const FROM_BACK_CHANNEL: Record<BackChannelOutcome, LogoutParticipantState['outcome']> = {
  confirmed: 'confirmed',
  partial: 'failed',
  refused: 'failed',
  failed: 'failed',
  unreachable: 'unreachable',
  timeout: 'timeout',
};

/** Builds the chain for the participants of one ended session (the initiator, if any, is not sent a request). */
export async function startFlow(
  deps: IdpDeps,
  who: { userId: string; username: string; sessionIndex: string },
  participants: SessionParticipant[],
  initiator?: LogoutFlow['initiator'],
): Promise<LogoutFlow> {
  const now = deps.clock.now();
  const states: LogoutParticipantState[] = [];
  for (const p of participants) {
    const app = await deps.store.applications.get(p.applicationId);
    if (!app) continue;
    const label = app.displayLabel || app.name;
    if (initiator && p.applicationId === initiator.applicationId) {
      states.push({ applicationId: app.id, application: app.name, label, outcome: 'initiator' });
      continue;
    }
    const settings = await deps.store.singleLogout.getSettings(app.id);
    const told = settings?.sloUrl || (await deps.store.sloSoapEndpoints.get(app.id));
    states.push({ applicationId: app.id, application: app.name, label, outcome: told ? 'pending' : 'no_slo' });
  }
  const flow: LogoutFlow = {
    id: randomBytes(24).toString('base64url'),
    ...who,
    ...(initiator ? { initiator } : {}),
    participants: states,
    currentRequestId: null,
    createdAt: now,
    // Room for every participant's timeout, plus the person's own pace.
    expiresAt: new Date(now.getTime() + (states.length + 1) * deps.config.sloParticipantTimeoutSeconds * 1000 + 15 * 60_000),
  };
  await deps.store.singleLogout.insertFlow(flow);
  return flow;
}

/** Gives up on the participant awaited for longer than the timeout. True when one was given up. */
export function expireWaiting(deps: IdpDeps, flow: LogoutFlow): boolean {
  const limit = deps.config.sloParticipantTimeoutSeconds * 1000;
  const now = deps.clock.now().getTime();
  let changed = false;
  for (const p of flow.participants) {
    if (p.outcome === 'sent' && p.sentAt && now - Date.parse(p.sentAt) >= limit) {
      p.outcome = 'timeout';
      changed = true;
    }
  }
  if (changed) flow.currentRequestId = null;
  return changed;
}

/** Sends the next LogoutRequest, or finishes the chain. */
export async function advance(ctx: ParameterizedContext, deps: IdpDeps, flow: LogoutFlow): Promise<void> {
  for (;;) {
    const next = flow.participants.find((p) => p.outcome === 'pending');
    if (!next) return finish(ctx, deps, flow);
    const [app, settings, participant] = await Promise.all([
      deps.store.applications.get(next.applicationId),
      deps.store.singleLogout.getSettings(next.applicationId),
      deps.store.singleLogout
        .participantsOfSession(flow.sessionIndex)
        .then((all) => all.find((p) => p.applicationId === next.applicationId)),
    ]);
    if (app && participant && !settings?.sloUrl) {
      // Only a SOAP endpoint: told over the back channel, right here (saml-profiles §4.4.3.3).
      const soapUrl = await deps.store.sloSoapEndpoints.get(app.id);
      const resolved = soapUrl ? await deps.services.directory.findApplicationByName(app.name) : undefined;
      if (resolved) {
        const result = await logoutBySoap(deps, resolved, soapUrl, participant, LOGOUT_REASON_USER);
        deps.logger.info(
          { application: app.name, flow: flow.id, outcome: result.outcome, reason: result.reason },
          'back-channel Single Logout',
        );
        next.outcome = FROM_BACK_CHANNEL[result.outcome];
        continue;
      }
    }
    if (!app || !settings?.sloUrl || !participant) {
      next.outcome = 'failed';
      continue;
    }
    if (!(await endpointReachable(settings.sloUrl))) {
      deps.logger.info({ application: app.name, flow: flow.id }, 'SLO participant unreachable; logout goes on without it');
      next.outcome = 'unreachable';
      continue;
    }
    const now = deps.clock.now();
    const requestId = newSamlId();
    next.outcome = 'sent';
    next.requestId = requestId;
    next.sentAt = now.toISOString();
    flow.currentRequestId = requestId;
    await deps.store.singleLogout.updateFlow(flow);
    // If this participant never answers, /logout/continue (this cookie names the chain) goes on after the timeout.
    ctx.cookies.set(FLOW_COOKIE, flow.id, { httpOnly: true, sameSite: 'lax', path: '/logout', overwrite: true });
    const idpEntityId = (await deps.services.directory.findApplicationByName(app.name))?.idpEntityId ?? app.name;
    sendLogoutRequest(ctx, deps, settings.binding, {
      id: requestId,
      issueInstant: now,
      issuer: idpEntityId,
      destination: settings.sloUrl,
      nameId: participant.nameId,
      sessionIndexes: [participant.sessionIndex],
      notOnOrAfter: new Date(now.getTime() + deps.config.sloParticipantTimeoutSeconds * 1000),
      reason: LOGOUT_REASON_USER,
    });
    return;
  }
}

function confirmedAll(flow: LogoutFlow): boolean {
  return !flow.participants.some((p) => NOT_CONFIRMED.has(p.outcome));
}

async function finish(ctx: ParameterizedContext, deps: IdpDeps, flow: LogoutFlow): Promise<void> {
  flow.currentRequestId = null;
  await deps.store.singleLogout.updateFlow(flow);
  const partial = !confirmedAll(flow);
  await deps.services.events.record({
    type: 'sso_logout',
    initiator: flow.username,
    userId: flow.userId,
    username: flow.username,
    application: null,
    success: !partial,
    reason: partial ? 'partial_logout' : null,
    detail: {
      initiatedBy: flow.initiator ? 'sp' : 'idp',
      participants: flow.participants.map((p) => ({ application: p.application, outcome: p.outcome })),
    },
  });
  if (!flow.initiator) {
    ctx.redirect(`/logout/done?flow=${encodeURIComponent(flow.id)}`);
    return;
  }
  const initiator = flow.initiator;
  const app = await deps.store.applications.get(initiator.applicationId);
  const settings = await deps.store.singleLogout.getSettings(initiator.applicationId);
  const resolved = app && (await deps.services.directory.findApplicationByName(app.name));
  if (!resolved || !settings?.sloUrl) throw sloError('slo_not_configured');
  // saml-core §3.7.3.2: PartialLogout when not every session participant could be logged out.
  const status: SamlStatus = partial
    ? { code: 'Responder', subCode: 'PartialLogout', message: 'Not every application confirmed the logout' }
    : { code: 'Success' };
  sendLogoutResponse(
    ctx,
    deps,
    initiator.binding,
    {
      id: newSamlId(),
      inResponseTo: initiator.requestId,
      issueInstant: deps.clock.now(),
      issuer: resolved.idpEntityId,
      destination: settings.sloResponseUrl || settings.sloUrl,
      status,
    },
    initiator.relayState,
  );
}

const OUTCOME_TEXT: Record<string, string> = {
  confirmed: 'signed out',
  initiator: 'signed out',
  no_slo: 'not told (no Single Logout URL): close your browser to be sure',
  failed: 'did not confirm',
  timeout: 'did not answer in time',
  unreachable: 'could not be reached',
  sent: 'waiting',
  pending: 'waiting',
};

/** `GET /logout/done?flow=…`: which applications confirmed (the end of a sign-out at the user console). */
export function renderDone(ctx: ParameterizedContext, flow: LogoutFlow): void {
  const rows = flow.participants.map(
    (p) =>
      html`<li data-app="${p.application}" data-outcome="${p.outcome}"><strong>${p.label}</strong>: ${OUTCOME_TEXT[p.outcome] ?? p.outcome}</li>`,
  );
  const partial = !confirmedAll(flow);
  renderPage(
    ctx,
    'Signed out',
    html`<section class="card narrow"><h1>You are signed out</h1>
<p class="lead" data-logout="${partial ? 'partial' : 'complete'}">${
      partial ? 'You are signed out here, but not every application confirmed.' : 'Every application confirmed.'
    }</p>
${rows.length ? html`<ul class="slo-results" aria-label="Applications">${rows}</ul>` : html`<p>You were not signed in to any application.</p>`}
<p><a class="button" href="/login">Sign in again</a></p></section>`,
  );
}

/** `GET /logout/continue?flow=…`: gives up on a participant past its timeout, else says whom we wait for. */
export function renderWaiting(ctx: ParameterizedContext, deps: IdpDeps, flow: LogoutFlow): void {
  const waiting = flow.participants.find((p) => p.outcome === 'sent');
  const sentAt = waiting?.sentAt ? Date.parse(waiting.sentAt) : deps.clock.now().getTime();
  const left = Math.max(1, Math.ceil((sentAt + deps.config.sloParticipantTimeoutSeconds * 1000 - deps.clock.now().getTime()) / 1000));
  ctx.set('Refresh', `${left}; url=/logout/continue?flow=${encodeURIComponent(flow.id)}`);
  renderPage(
    ctx,
    'Signing you out',
    html`<section class="card narrow"><h1>Signing you out…</h1>
<p>Waiting for ${waiting?.label ?? 'an application'} to confirm. If it does not answer within ${left} s, sign-out goes on without it.</p>
<p><a class="button secondary" href="/logout/continue?flow=${flow.id}">Check again</a></p></section>`,
  );
}
