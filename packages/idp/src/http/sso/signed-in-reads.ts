// requireSession's read of the signed-in person (auth-session.ts `currentUser`, same outcome): the user, the ended-
// session check, the group binding to the application and whether an MFA rule applies, in ONE statement
// (store/sso-sign-in-reads.ts) instead of one each; checkAssignment and requireAuthnContext use what it read.
import type { ParameterizedContext } from 'koa';
import type { User } from '../../domain.js';
import { publicUser } from '../../services/directory-users.js';
import { readSignIn, type SignIn } from '../auth-session.js';
import type { IdpDeps } from '../deps.js';

export interface SsoUser {
  user: User;
  signIn: SignIn;
  /** A member of a group bound to the application. */
  bound: boolean;
  /** An MFA rule (user, group, application) requires a second factor. */
  mfaRequired: boolean;
}

/** The signed-in, still active user; a deleted or suspended user's session, or one ended elsewhere, is ended. */
export async function currentSsoUser(ctx: ParameterizedContext, { store }: IdpDeps, applicationId: string): Promise<SsoUser | undefined> {
  const signIn = readSignIn(ctx);
  if (!signIn) return undefined;
  const read = await store.ssoSignInReads.read(signIn.userId, signIn.sessionIndex, signIn.authnInstant, applicationId);
  // Single Logout: a session ended elsewhere (another instance, the admin) is ended here too.
  if (read.user?.status !== 'active' || read.sessionEnded) {
    ctx.state.session.destroy();
    return undefined;
  }
  return { user: publicUser(read.user), signIn, bound: read.bound, mfaRequired: read.mfaRequired };
}
