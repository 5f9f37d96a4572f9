// IdP-initiated Single Logout: "Sign out" at the user console ends the IdP session, then runs the chain over every
// participant with an SLO URL and ends on the page of which applications confirmed (chain.ts).
import type { ParameterizedContext } from 'koa';
import { readSignIn } from '../auth-session.js';
import type { IdpDeps } from '../deps.js';
import { advance, startFlow } from './chain.js';

export async function consoleLogout(ctx: ParameterizedContext, deps: IdpDeps): Promise<void> {
  const signIn = readSignIn(ctx);
  ctx.state.session.destroy();
  if (!signIn) return ctx.redirect('/login');
  const now = deps.clock.now();
  await deps.store.singleLogout.endSession(
    signIn.sessionIndex,
    signIn.userId,
    now,
    new Date(now.getTime() + deps.config.sessionTtlSeconds * 1000),
  );
  const participants = await deps.store.singleLogout.participantsOfSession(signIn.sessionIndex);
  if (participants.length === 0) return ctx.redirect('/login');
  const user = await deps.services.directory.findUser(signIn.userId);
  const flow = await startFlow(
    deps,
    { userId: signIn.userId, username: user?.username ?? signIn.userId, sessionIndex: signIn.sessionIndex },
    participants,
  );
  await advance(ctx, deps, flow);
}
