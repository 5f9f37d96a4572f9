import { randomBytes } from 'node:crypto';
import { type Clock, sessions } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import type { User } from '../domain.js';
import type { AuthnMethod } from '../mfa/service.js';
import type { IdpDeps } from './deps.js';
import { sessionEnded } from './slo/participants.js';

export const SESSION_COOKIE = 'samlbridge_idp_session';

/** What the IdP session remembers about the sign-in (saml-core §2.7.2 AuthnInstant / SessionIndex). */
export interface SignIn {
  userId: string;
  authnInstant: Date;
  sessionIndex: string;
  /** How the person authenticated in this session, and when (a second factor may be added later: step-up). */
  methods: AuthnStep[];
  /** The AuthnContextClassRef the SSO step chose for this Response (RequestedAuthnContext), when it chose one. */
  authnContextClassRef?: string;
}

export interface AuthnStep {
  method: AuthnMethod;
  at: Date;
}

const METHODS_KEY = 'authnMethods';

/** The IdP session cookie: HttpOnly; SameSite=None + Secure on https (SP POSTs are cross-site), else Lax. */
export function idpSessions({ config, store, clock }: IdpDeps): Middleware {
  const secure = config.baseUrl.startsWith('https:');
  return sessions({
    cookieName: SESSION_COOKIE,
    store: store.sessions,
    clock,
    ttlSeconds: config.sessionTtlSeconds,
    secure,
    sameSite: secure ? 'none' : 'lax',
    preAuthTtlSeconds: config.preAuthTtlSeconds,
    signedInKey: 'userId',
  });
}

export function readSignIn(ctx: ParameterizedContext): SignIn | undefined {
  const s = ctx.state.session;
  const userId = s.get<string>('userId');
  const authnInstant = s.get<string>('authnInstant');
  const sessionIndex = s.get<string>('sessionIndex');
  if (!userId || !authnInstant || !sessionIndex) return undefined;
  const stored = s.get<{ method: AuthnMethod; at: string }[]>(METHODS_KEY) ?? [{ method: 'pwd', at: authnInstant }];
  const methods = stored.map((m) => ({ method: m.method, at: new Date(m.at) }));
  return { userId, authnInstant: new Date(authnInstant), sessionIndex, methods };
}

/** The signed-in, still active user; a deleted or suspended user's session is ended. */
export async function currentUser(ctx: ParameterizedContext, deps: IdpDeps): Promise<{ user: User; signIn: SignIn } | undefined> {
  const signIn = readSignIn(ctx);
  if (!signIn) return undefined;
  const user = await deps.services.directory.findUser(signIn.userId);
  // Single Logout: a session ended elsewhere (another instance, the admin) is ended here too.
  if (user?.status !== 'active' || (await sessionEnded(deps, signIn))) {
    ctx.state.session.destroy();
    return undefined;
  }
  return { user, signIn };
}

/**
 * Starts the signed-in session under a new ID (session fixation, OWASP). `methods`: what was done, password first;
 * `keep`: a step-up in a running session keeps its SessionIndex (the SPs it served know the session by it).
 */
export function signIn(
  ctx: ParameterizedContext,
  user: User,
  clock: Clock,
  methods: AuthnMethod[] = ['pwd'],
  keep?: Pick<SignIn, 'sessionIndex' | 'methods'>,
): SignIn {
  const s = ctx.state.session;
  s.regenerate();
  s.delete('csrf');
  const now = clock.now();
  const steps = [...(keep?.methods ?? []), ...methods.map((method) => ({ method, at: now }))];
  const record: SignIn = {
    userId: user.id,
    authnInstant: now,
    sessionIndex: keep?.sessionIndex ?? `_${randomBytes(16).toString('hex')}`,
    methods: steps,
  };
  s.set('userId', record.userId);
  s.set('authnInstant', record.authnInstant.toISOString());
  s.set('sessionIndex', record.sessionIndex);
  s.set(
    METHODS_KEY,
    steps.map((m) => ({ method: m.method, at: m.at.toISOString() })),
  );
  return record;
}
