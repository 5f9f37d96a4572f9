// The `user_login_attempt` event of one sign-in at the login page, with a password or a passkey (Directory Insights).
import type { IdpDeps } from './deps.js';

export interface LoginAttemptEvent {
  /** The person the credential named, when it named one. */
  user: { id: string; username: string } | undefined;
  /** The application the sign-in is for (an SSO flow), if any. */
  application: string | null;
  success: boolean;
  reason: string | null;
  detail: Record<string, unknown>;
}

export function recordLoginAttempt(deps: IdpDeps, { user, application, ...outcome }: LoginAttemptEvent): Promise<unknown> {
  return deps.services.events.record({
    type: 'user_login_attempt',
    initiator: user?.username ?? 'anonymous',
    userId: user?.id ?? null,
    username: user?.username ?? null,
    application,
    ...outcome,
  });
}
