import type { ParsedAuthnRequest } from '@samlbridge/protocol';
import type { ParameterizedContext } from 'koa';
import type { LoginFlow, ResolvedApplication, User } from '../../domain.js';
import type { SignIn } from '../auth-session.js';
import type { SsoTraceRecorder } from './trace-recorder.js';

/** The SP's request as far as the rest of the flow needs it (also what a pending login flow stores). */
export type PendingRequest = NonNullable<LoginFlow['request']>;

/** What the SSO steps learn, in order; each step reads what earlier steps set. */
export interface SsoState {
  initiatedBy: 'idp' | 'sp';
  binding?: 'redirect' | 'post';
  app?: ResolvedApplication;
  /** The decoded AuthnRequest XML (only ever logged at trace level with IDP_SAML_TRACE). */
  requestXml?: string;
  parsed?: ParsedAuthnRequest;
  /** Set once the ACS URL is known to be registered: from then on a SAML error Response may go there. */
  pending?: PendingRequest;
  relayState?: string;
  user?: User;
  signIn?: SignIn;
  /** Read with the user by requireSession (signed-in-reads.ts): checkAssignment and requireAuthnContext use them. */
  bound?: boolean;
  mfaRequired?: boolean;
  /** The login flow this request was parked as (session-steps.ts), or continues from (login.ts). */
  loginFlowId?: string;
  /** The sign-in's rows being written (issue-response.ts); recordSsoTrace awaits them with the trace. */
  writes?: Promise<unknown>;
  /** The per-login trace (trace-recorder.ts). */
  trace?: SsoTraceRecorder;
}

declare module 'koa' {
  interface DefaultState {
    sso?: SsoState;
  }
}

export function ssoState(ctx: ParameterizedContext): SsoState {
  ctx.state.sso ??= { initiatedBy: 'idp' };
  return ctx.state.sso;
}

export function requireApp(s: SsoState): ResolvedApplication {
  if (!s.app) throw new Error('SSO step ran before findApplication');
  return s.app;
}
