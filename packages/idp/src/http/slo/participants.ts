// The two small hooks Single Logout puts into the SSO path: who received an assertion in which IdP session
// (written when a Response is issued), and whether an IdP session has been ended (read on every use).
import type { ResolvedApplication } from '../../domain.js';
import type { SignIn } from '../auth-session.js';
import type { IdpDeps } from '../deps.js';

/** saml-profiles §4.4: the IdP remembers each session participant with the NameID and SessionIndex it sent. */
export async function recordParticipant(
  { store, clock, config }: IdpDeps,
  app: ResolvedApplication,
  signIn: SignIn,
  assertion: { nameId: string; nameIdFormat: string; nameQualifier?: string; spNameQualifier?: string; sessionIndex: string },
): Promise<void> {
  const now = clock.now();
  await store.singleLogout.recordParticipant({
    sessionIndex: assertion.sessionIndex,
    userId: signIn.userId,
    applicationId: app.id,
    nameId: {
      value: assertion.nameId,
      format: assertion.nameIdFormat,
      ...(assertion.nameQualifier ? { nameQualifier: assertion.nameQualifier } : {}),
      ...(assertion.spNameQualifier ? { spNameQualifier: assertion.spNameQualifier } : {}),
    },
    createdAt: now,
    expiresAt: new Date(now.getTime() + config.sessionTtlSeconds * 1000),
  });
}

/** Ended by a LogoutRequest (on any instance) or by the admin's "end this user's sessions". */
export function sessionEnded({ store }: IdpDeps, signIn: SignIn): Promise<boolean> {
  return store.singleLogout.isEnded(signIn.sessionIndex, signIn.userId, signIn.authnInstant);
}
