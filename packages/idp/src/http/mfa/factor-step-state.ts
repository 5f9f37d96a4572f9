// Between the password and the second factor: the session knows WHO gave a right password (and when), but is not
// signed in yet. Only /login/mfa reads this state; it lasts as long as a login flow (IDP_LOGIN_FLOW_TTL_SECONDS).
import type { ParameterizedContext } from 'koa';
import { userOwner } from '../../mfa/service.js';
import type { IdpDeps } from '../deps.js';

const PENDING_KEY = 'mfaPending';
/** The session's keys of a complete sign-in (auth-session.ts): a password alone never leaves them behind. */
const SIGNED_IN_KEYS = ['userId', 'authnInstant', 'sessionIndex', 'authnMethods'];

interface PendingFactor {
  userId: string;
  /** When the password was given (ISO). */
  at: string;
}

/** An enrolled person, or one the policy requires MFA of (user, group, or the application being opened). */
export async function needsFactorStep(deps: IdpDeps, userId: string, applicationId: string | undefined): Promise<boolean> {
  if (await deps.mfa.enrolled(userOwner(userId))) return true;
  return (await deps.mfa.requirementForUser(userId, applicationId)).required;
}

/**
 * Password accepted: the session (new ID) remembers the person for the factor step, then the browser goes there.
 * `query`: the login flow (`flow=…`) or the page to return to (`next=…`).
 */
export function startFactorStep(ctx: ParameterizedContext, deps: IdpDeps, userId: string, query: string): void {
  const s = ctx.state.session;
  s.regenerate();
  s.delete('csrf');
  if (s.get<string>('userId') !== userId) for (const k of SIGNED_IN_KEYS) s.delete(k);
  s.set(PENDING_KEY, { userId, at: deps.clock.now().toISOString() } satisfies PendingFactor);
  ctx.redirect(`/login/mfa?${query}`);
}

/** The person waiting for the factor step, while the password is recent enough. */
export function pendingFactorUser(ctx: ParameterizedContext, deps: IdpDeps): string | undefined {
  const p = ctx.state.session.get<PendingFactor>(PENDING_KEY);
  if (!p) return undefined;
  const age = deps.clock.now().getTime() - new Date(p.at).getTime();
  return age >= 0 && age <= deps.config.loginFlowTtlSeconds * 1000 ? p.userId : undefined;
}

export function clearPendingFactor(ctx: ParameterizedContext): void {
  ctx.state.session.delete(PENDING_KEY);
}
