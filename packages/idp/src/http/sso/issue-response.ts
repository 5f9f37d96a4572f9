import { encodePost, newSamlId, type ResponseInput, renderPostForm, type SamlAttribute, type SamlStatus } from '@samlbridge/protocol';
import type { Middleware, ParameterizedContext } from 'koa';
import type { ResolvedApplication, User } from '../../domain.js';
import type { SignIn } from '../auth-session.js';
import type { IdpDeps } from '../deps.js';
import { recordParticipant } from '../slo/participants.js';
import { authnContextClassRef } from './authn-context.js';
import { assertionEncryptionOf } from './encrypt-assertion.js';
import { type IssuedNameId, issueNameId } from './name-id.js';
import { ssoError } from './sso-errors.js';
import { requireApp, ssoState } from './state.js';

/** Users are implicitly denied: only members of a group bound to the application get in. */
export const checkAssignment =
  ({ services }: IdpDeps): Middleware =>
  async (ctx, next) => {
    const s = ssoState(ctx);
    const app = requireApp(s);
    const user = s.user;
    if (!user) throw new Error('checkAssignment ran without a signed-in user');
    // Read with the user by requireSession (one statement); after the login form, read now.
    if (!(s.bound ?? (await services.authorization.canLaunch(user.id, app.id)))) {
      const message = `You don't have access to ${app.displayLabel}. Ask your administrator to add you to a group bound to it.`;
      // saml-core §3.2.2.2 RequestDenied: SP-initiated requests get a signed error Response at their registered ACS.
      throw ssoError('access_denied', message, {
        canRespond: s.pending !== undefined,
        samlStatus: { code: 'Responder', subCode: 'RequestDenied', message: 'The user is not authorized for this application' },
      });
    }
    await next();
  };

export function successResponse(
  { config }: IdpDeps,
  app: ResolvedApplication,
  _user: User,
  signIn: SignIn,
  acsUrl: string,
  inResponseTo: string | undefined,
  now: Date,
  /** The application's attribute mappings applied to the user (services.directory.assertionAttributes). */
  attributes: SamlAttribute[],
  /** The Subject's NameID under the request's NameIDPolicy (name-id.ts). */
  nameId: IssuedNameId,
): ResponseInput {
  const lifetime = config.assertionLifetimeSeconds * 1000;
  return {
    responseId: newSamlId(),
    assertionId: newSamlId(),
    issueInstant: now,
    issuer: app.idpEntityId,
    destination: acsUrl,
    inResponseTo,
    status: { code: 'Success' },
    assertion: {
      nameId: nameId.value,
      nameIdFormat: nameId.format,
      nameQualifier: nameId.nameQualifier,
      spNameQualifier: nameId.spNameQualifier,
      subjectNotOnOrAfter: new Date(now.getTime() + lifetime),
      // saml-core §2.5.1.2: back-dated by the tolerated skew so SPs with a slow clock accept it.
      notBefore: new Date(now.getTime() - config.clockSkewSeconds * 1000),
      notOnOrAfter: new Date(now.getTime() + lifetime),
      audience: app.spEntityId,
      authnInstant: signIn.authnInstant,
      sessionIndex: signIn.sessionIndex,
      authnContextClassRef: authnContextClassRef(config, signIn), // what this session did (authn-context.ts)
      attributes,
    },
    signing: app.signing,
    signatureAlgorithm: app.signatureAlgorithm,
  };
}

/** saml-bindings §3.5.4: the Response travels in an auto-posting form; never cached. */
export function sendSamlPost(ctx: ParameterizedContext, acsUrl: string, xml: string, relayState: string | undefined): void {
  ctx.set('Cache-Control', 'no-cache, no-store');
  ctx.set('Pragma', 'no-cache');
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = renderPostForm({ action: acsUrl, fields: { SAMLResponse: encodePost(xml), RelayState: relayState } });
  ctx.state.sso?.trace?.responseSent(xml, acsUrl);
}

/** Signs the Response, records the `sso_auth` event, and posts it to the ACS. */
export const issueResponse =
  (deps: IdpDeps): Middleware =>
  async (ctx) => {
    const s = ssoState(ctx);
    const app = requireApp(s);
    const { user, signIn } = s;
    if (!user || !signIn) throw new Error('issueResponse ran without a signed-in user');
    const acsUrl = s.pending?.acsUrl ?? (app.acsUrls[0] as string);
    const attributes = await deps.services.directory.assertionAttributes(app, user);
    const nameId = await issueNameId(deps, app, user, s.pending?.nameIdPolicy, signIn.sessionIndex);
    const input = {
      ...successResponse(deps, app, user, signIn, acsUrl, s.pending?.id, deps.clock.now(), attributes, nameId),
      ...(await assertionEncryptionOf(deps, app)),
    };
    // Both RSA signatures run on a signing thread (IDP_SIGNING_THREADS): other requests go on meanwhile (ARCHITECTURE.md).
    const xml = await deps.signer.issueAsync(input);
    if (deps.config.samlTrace) deps.logger.trace({ application: app.name, xml }, 'Response issued');
    // Queued, not awaited here: written with the trace in one group (store/group-commit.ts).
    const participant = input.assertion ? recordParticipant(deps, app, signIn, input.assertion) : undefined;
    const event = deps.services.events.record({
      type: 'sso_auth',
      initiator: user.username,
      userId: user.id,
      username: user.username,
      application: app.name,
      success: true,
      detail: {
        initiatedBy: s.initiatedBy,
        binding: s.binding ?? null,
        acsUrl,
        inResponseTo: s.pending?.id ?? null,
        responseId: input.responseId,
        traceId: s.trace?.id ?? null,
      },
    });
    // Awaited by recordSsoTrace once the trace is queued too (trace-recorder.ts): the three rows go in one group, and
    // the Response is sent only once they are written; a failed write still fails the request.
    s.writes = Promise.all([participant, event]);
    s.writes.catch(() => {
      // Not lost: trace-recorder.ts awaits s.writes after the Response and fails the request with it.
    });
    deps.logger.info(
      { application: app.name, user: user.username, initiatedBy: s.initiatedBy, responseId: input.responseId },
      'SAML Response issued',
    );
    sendSamlPost(ctx, acsUrl, xml, s.relayState);
  };

/** saml-core §3.2.2.2: a signed Response with a non-Success status (no assertion). */
export function errorResponseXml(
  deps: IdpDeps,
  app: ResolvedApplication,
  acsUrl: string,
  inResponseTo: string,
  status: SamlStatus,
): Promise<string> {
  return deps.signer.issueAsync({
    responseId: newSamlId(),
    assertionId: newSamlId(),
    issueInstant: deps.clock.now(),
    issuer: app.idpEntityId,
    destination: acsUrl,
    inResponseTo,
    status,
    signing: 'response',
    signatureAlgorithm: app.signatureAlgorithm,
  });
}
