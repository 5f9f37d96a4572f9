// The Back button after signing in returns to the sign-in page of a login flow that was already used. A person
// still signed in is not stuck on "expired or already used": the page offers to continue to the application.
import type { SamlbridgeError } from '@samlbridge/errors';
import type { ParameterizedContext } from 'koa';
import { currentUser } from './auth-session.js';
import { consoleError } from './console-errors.js';
import type { IdpDeps } from './deps.js';

const USED_FLOW = 'usedLoginFlow';

interface UsedFlow {
  id: string;
  applicationId: string;
}

/** Called once a flow is consumed: the signed-in session remembers which application its last flow was for. */
export function rememberUsedFlow(ctx: ParameterizedContext, flowId: string, applicationId: string): void {
  ctx.state.session.set(USED_FLOW, { id: flowId, applicationId } satisfies UsedFlow);
}

/** login_flow_expired, with "Continue to <application>" (or to the user console) when the person is signed in. */
export async function flowGone(ctx: ParameterizedContext, deps: IdpDeps, flowId: unknown): Promise<SamlbridgeError> {
  const current = await currentUser(ctx, deps);
  if (!current) return consoleError('login_flow_expired');
  const used = ctx.state.session.get<UsedFlow>(USED_FLOW);
  const app = used && used.id === flowId ? await deps.services.directory.findApplication(used.applicationId) : undefined;
  if (app && (await deps.services.authorization.canLaunch(current.user.id, app.id))) {
    const label = `Continue to ${app.displayLabel}`;
    return consoleError(
      'login_flow_expired',
      `This sign-in request was already used: you signed in with it (the Back button brought you here). You are still signed in: use "${label}" to open ${app.displayLabel} again.`,
      { details: { continueTo: { href: `/saml2/${encodeURIComponent(app.name)}`, label } } },
    );
  }
  return consoleError(
    'login_flow_expired',
    'This sign-in request has expired or was already used. You are still signed in: continue to your applications, or go back to the application and open it again.',
    { details: { continueTo: { href: '/userconsole/', label: 'Continue to my applications' } } },
  );
}
