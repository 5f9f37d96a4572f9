// The admin's "end this user's sessions" (portal button and admin API): every IdP session of the user ends at once, on
// every instance (a cut-off in the store, checked on each use of a session). The session participants cannot be sent
// LogoutRequests: the front channel (saml-profiles §4.4.3) needs the user's own browser, which the admin does not
// have. So the Directory Insights event lists the applications that were NOT told; their own sessions run on until
// they expire or the person signs out there.
import type { IdpDeps } from '../deps.js';

export interface EndedUserSessions {
  userId: string;
  username: string;
  /** IdP sessions that had at least one participant (a session that launched no application leaves no record). */
  sessionsWithApplications: number;
  /** Applications that received an assertion in an ended session and were not sent a LogoutRequest. */
  notTold: { application: string; label: string }[];
}

export async function endUserSessions(deps: IdpDeps, userId: string, initiator: string): Promise<EndedUserSessions> {
  const user = await deps.services.directory.getUser(userId); // 404 when unknown
  const now = deps.clock.now();
  const participants = await deps.store.singleLogout.participantsOfUser(user.id, now);
  await deps.store.singleLogout.endSessionsOfUser(user.id, now);
  const notTold: EndedUserSessions['notTold'] = [];
  for (const applicationId of new Set(participants.map((p) => p.applicationId))) {
    const app = await deps.store.applications.get(applicationId);
    if (app) notTold.push({ application: app.name, label: app.displayLabel || app.name });
  }
  const sessionsWithApplications = new Set(participants.map((p) => p.sessionIndex)).size;
  await deps.services.events.record({
    type: 'sso_logout',
    initiator,
    userId: user.id,
    username: user.username,
    resource: `user:${user.id}`,
    application: null,
    success: true,
    reason: 'sessions_ended_by_admin',
    detail: {
      initiatedBy: 'admin',
      sessionsWithApplications,
      notTold: notTold.map((a) => a.application),
      why: 'front-channel Single Logout needs the user’s browser',
    },
  });
  return { userId: user.id, username: user.username, sessionsWithApplications, notTold };
}
