import { noCache } from '@samlbridge/web';
import type { Middleware } from 'koa';
import type { IdpDeps } from '../deps.js';
import { checkAcsUrl, checkDestination, checkFreshness, checkIssuer } from './check-request.js';
import { checkRequestSignature } from './check-request-signature.js';
import { consumeRequestId } from './consume-request.js';
import { handleSsoErrors } from './handle-errors.js';
import { checkAssignment, issueResponse } from './issue-response.js';
import { checkNameIdPolicy } from './name-id.js';
import { checkSsoActive, findApplication, parseRequest, readSamlRequest } from './read-request.js';
import { requireAuthnContext } from './require-authn-context.js';
import { requireSession } from './session-steps.js';
import { recordSsoTrace, traced } from './trace-recorder.js';

/** `GET|POST /saml2/:app` — the SSO IdP URL, as a checklist (ARCHITECTURE.md §2). Needs sessions + body parsing before it. */
export function ssoEndpoint(deps: IdpDeps): Middleware[] {
  return [
    noCache,
    recordSsoTrace(deps),
    handleSsoErrors(deps),
    ...tracedSteps({
      findApplication: findApplication(deps),
      checkSsoActive: checkSsoActive(),
      readSamlRequest: readSamlRequest(deps),
      parseRequest: parseRequest(),
      checkRequestSignature: checkRequestSignature(deps),
      checkIssuer: checkIssuer(),
      checkAcsUrl: checkAcsUrl(),
      checkDestination: checkDestination(),
      checkFreshness: checkFreshness(deps),
      consumeRequestId: consumeRequestId(deps),
      checkNameIdPolicy: checkNameIdPolicy(deps),
      requireSession: requireSession(deps),
      checkAssignment: checkAssignment(deps),
      requireAuthnContext: requireAuthnContext(deps),
      issueResponse: issueResponse(deps),
    }),
  ];
}

/** Each step under its name, its outcome recorded in the per-login trace (trace-recorder.ts). */
function tracedSteps(steps: Record<string, Middleware>): Middleware[] {
  return Object.entries(steps).map(([name, step]) => traced(name, step));
}

/** After the login form (and the factor step): the parked request continues where requireSession left it. */
export function resumeAfterLogin(deps: IdpDeps): Middleware[] {
  return [
    recordSsoTrace(deps),
    handleSsoErrors(deps),
    ...tracedSteps({
      checkSsoActive: checkSsoActive(),
      checkAssignment: checkAssignment(deps),
      requireAuthnContext: requireAuthnContext(deps),
      issueResponse: issueResponse(deps),
    }),
  ];
}
