// The admin's "end this user's sessions" (portal button and admin API): every IdP session of the user ends at once, on
// every instance (a cut-off in the store, checked on each use of a session). Then each session participant whose
// application has a SOAP SingleLogoutService is sent a signed LogoutRequest over the back channel (saml-profiles
// §4.4.3.3, slo/soap-logout.ts; in parallel, a few at a time) and its outcome is reported. The others cannot be told:
// the front channel (saml-profiles §4.4.3) needs the user's own browser, which the admin does not have; their own
// sessions run on until they expire or the person signs out there.
import type { ResolvedApplication } from '../../domain.js';
import type { SessionParticipant } from '../../store/single-logout-types.js';
import type { IdpDeps } from '../deps.js';
import { type BackChannelOutcome, type BackChannelResult, logoutBySoap, mapBounded } from './soap-logout.js';

/** LogoutRequests in flight at once (each bounded by IDP_SLO_PARTICIPANT_TIMEOUT_SECONDS). */
const PARALLEL_REQUESTS = 4;

export interface BackChannelLogout {
  application: string;
  label: string;
  outcome: BackChannelOutcome;
  reason?: string;
}

export interface EndedUserSessions {
  userId: string;
  username: string;
  /** IdP sessions that had at least one participant (a session that launched no application leaves no record). */
  sessionsWithApplications: number;
  /** Applications that received an assertion in an ended session and were not sent a LogoutRequest. */
  notTold: { application: string; label: string }[];
  /** Applications sent a LogoutRequest over SOAP, with the outcome (the worst one when several sessions were told). */
  told: BackChannelLogout[];
}

/** Worst first: one unconfirmed session makes the application's outcome unconfirmed. */
const SEVERITY: BackChannelOutcome[] = ['refused', 'failed', 'timeout', 'unreachable', 'partial', 'confirmed'];

export async function endUserSessions(deps: IdpDeps, userId: string, initiator: string): Promise<EndedUserSessions> {
  const user = await deps.services.directory.getUser(userId); // 404 when unknown
  const now = deps.clock.now();
  // Participants of sessions still alive: one ended before (Single Logout, an earlier cut-off) was handled then.
  const participants: SessionParticipant[] = [];
  for (const p of await deps.store.singleLogout.participantsOfUser(user.id, now)) {
    if (!(await deps.store.singleLogout.isEnded(p.sessionIndex, user.id, p.createdAt))) participants.push(p);
  }
  await deps.store.singleLogout.endSessionsOfUser(user.id, now);

  const notTold: EndedUserSessions['notTold'] = [];
  const targets: { app: ResolvedApplication; soapUrl: string; participant: SessionParticipant }[] = [];
  for (const applicationId of new Set(participants.map((p) => p.applicationId))) {
    const app = await deps.store.applications.get(applicationId);
    if (!app) continue;
    const soapUrl = await deps.store.sloSoapEndpoints.get(app.id);
    const resolved = soapUrl ? await deps.services.directory.findApplicationByName(app.name) : undefined;
    if (!resolved) {
      notTold.push({ application: app.name, label: app.displayLabel || app.name });
      continue;
    }
    for (const participant of participants.filter((p) => p.applicationId === app.id)) targets.push({ app: resolved, soapUrl, participant });
  }
  const results = await mapBounded(targets, PARALLEL_REQUESTS, (t) => logoutBySoap(deps, t.app, t.soapUrl, t.participant));
  const byApp = new Map<string, BackChannelLogout>();
  targets.forEach(({ app }, i) => {
    const result = results[i] as BackChannelResult;
    deps.logger.info({ application: app.name, outcome: result.outcome, reason: result.reason }, 'back-channel Single Logout');
    const was = byApp.get(app.id);
    if (!was || SEVERITY.indexOf(result.outcome) < SEVERITY.indexOf(was.outcome)) {
      byApp.set(app.id, {
        application: app.name,
        label: app.displayLabel || app.name,
        outcome: result.outcome,
        ...(result.reason ? { reason: result.reason } : {}),
      });
    }
  });
  const told = [...byApp.values()];

  const sessionsWithApplications = new Set(participants.map((p) => p.sessionIndex)).size;
  const allConfirmed = told.every((t) => t.outcome === 'confirmed');
  await deps.services.events.record({
    type: 'sso_logout',
    initiator,
    userId: user.id,
    username: user.username,
    resource: `user:${user.id}`,
    application: null,
    success: allConfirmed,
    reason: allConfirmed ? 'sessions_ended_by_admin' : 'partial_logout',
    detail: {
      initiatedBy: 'admin',
      sessionsWithApplications,
      told: told.map((t) => ({ application: t.application, outcome: t.outcome, ...(t.reason ? { reason: t.reason } : {}) })),
      notTold: notTold.map((a) => a.application),
      why: 'front-channel Single Logout needs the user’s browser',
    },
  });
  return { userId: user.id, username: user.username, sessionsWithApplications, notTold, told };
}
