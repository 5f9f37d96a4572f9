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

/** `GET|POST /saml2/:app` — the SSO IdP URL, as a checklist (ARCHITECTURE.md §2). Needs sessions + body parsing before it. */
export function ssoEndpoint(deps: IdpDeps): Middleware[] {
  return [
    noCache,
    handleSsoErrors(deps),
    findApplication(deps),
    checkSsoActive(),
    readSamlRequest(deps),
    parseRequest(),
    checkRequestSignature(deps),
    checkIssuer(),
    checkAcsUrl(),
    checkDestination(),
    checkFreshness(deps),
    consumeRequestId(deps),
    checkNameIdPolicy(deps),
    requireSession(deps),
    checkAssignment(deps),
    requireAuthnContext(deps),
    issueResponse(deps),
  ];
}

/** After the login form (and the factor step): the parked request continues where requireSession left it. */
export function resumeAfterLogin(deps: IdpDeps): Middleware[] {
  return [handleSsoErrors(deps), checkSsoActive(), checkAssignment(deps), requireAuthnContext(deps), issueResponse(deps)];
}
