// What the SSO steps do when a person must be asked something first (a password, a second factor): refuse when
// the SP forbade any interaction, otherwise park the request in a login flow the prompt resumes.
import { randomBytes } from 'node:crypto';
import type { LoginFlow } from '../../domain.js';
import type { IdpDeps } from '../deps.js';
import { ssoError } from './sso-errors.js';
import type { SsoState } from './state.js';

/** saml-core §3.4.1 IsPassive: a prompt would be an interaction, so the SP gets a NoPassive Response. */
export function refuseIfPassive(s: SsoState, message: string): void {
  if (s.pending?.isPassive) {
    throw ssoError('no_passive', message, { canRespond: true, samlStatus: { code: 'Responder', subCode: 'NoPassive' } });
  }
}

/** Stores the AuthnRequest (or IdP-initiated launch) and its RelayState as a login flow, so any instance can resume it. */
export async function parkInLoginFlow(deps: IdpDeps, s: SsoState, applicationId: string, now: Date): Promise<LoginFlow> {
  const flow: LoginFlow = {
    id: randomBytes(24).toString('base64url'),
    applicationId,
    request: s.pending ?? null,
    relayState: s.relayState,
    createdAt: now,
    expiresAt: new Date(now.getTime() + deps.config.loginFlowTtlSeconds * 1000),
  };
  await deps.store.loginFlows.insert(flow);
  return flow;
}
