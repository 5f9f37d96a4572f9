// The Assertion Consumer Service (saml-profiles §4.1.4): POST /simplesaml/module.php/saml/sp/saml2-acs.php/{host}.
// A cross-site POST by design (saml-bindings §3.5), so no CSRF token: the signed Response is the proof.
import { SamlbridgeError } from '@samlbridge/errors';
import { ResponseRejectedError, type VerifiedResponse } from '@samlbridge/protocol';
import { noCache, parseBody } from '@samlbridge/web';
import type { Middleware } from 'koa';
import type { SpDeps } from '../deps.js';
import { personHelp } from '../saml/person-help.js';
import { fromRejection, isReasonCode, REASONS, reject } from '../saml/reasons.js';
import { acceptSamlResponse, decryptionOf } from '../saml/verify-response.js';
import { isSpError, spError } from '../sp-errors.js';
import { isConfigured, type SsoSettings } from '../sso/settings.js';
import type { LmsUser } from '../store/types.js';
import { acsUrl, hostSegmentMatches, spEntityId } from '../tenant.js';
import { recordSignInTrace } from './acs-trace.js';
import { startSession } from './auth.js';
import { safeReturnPath } from './return-path.js';
import type { SamlSessionInfo } from './single-logout.js';

interface AcsState {
  settings: SsoSettings;
  samlResponse: string;
  relayState: string | undefined;
  verified: VerifiedResponse;
  lmsUser: LmsUser;
}

declare module 'koa' {
  interface DefaultState {
    acs?: Partial<AcsState>;
  }
}

/** Explicit ACS limits. A decoded Response over 256 KiB is refused (413) before any XML parsing. */
export const ACS_LIMITS = {
  responseBytes: 256 * 1024,
  /** The whole form: base64 of responseBytes (4/3) plus RelayState and field names. */
  formBytes: 384 * 1024,
} as const;
const MAX_RESPONSE_BYTES = ACS_LIMITS.responseBytes;

export function acsEndpoint(deps: SpDeps): Middleware[] {
  const { services, store, clock, config, logger, encryptionKey } = deps;

  const checkHostSegment: Middleware = async (ctx, next) => {
    if (!hostSegmentMatches(ctx.state.tenant, ctx.params?.host, ctx.hostname)) {
      throw spError('not_found', 'There is no ACS for this host here. Check the ACS URL configured at the identity provider.');
    }
    await next();
  };

  /** Every refusal: a 403 page naming the reason, and an audit event (no SAML, no secrets). */
  const auditFailures: Middleware = async (ctx, next) => {
    ctx.state.acs = {};
    try {
      await next();
    } catch (caught) {
      // The verifier's rejections carry its own words; the page shows this site's (reasons.ts).
      const thrown = fromRejection(caught);
      const subject = ctx.state.acs?.verified?.nameId ?? (caught instanceof ResponseRejectedError ? caught.subject : undefined);
      const err =
        thrown instanceof SamlbridgeError && isReasonCode(thrown.code)
          ? thrown
          : (thrown as { status?: number })?.status === 413
            ? reject('message_too_large')
            : thrown instanceof SamlbridgeError && thrown.status < 500
              ? reject('malformed_response', thrown.code)
              : thrown;
      if (err instanceof SamlbridgeError) {
        ctx.state.ssoFailure = true;
        const detail = (err.details as { detail?: string } | undefined)?.detail;
        const rejection = {
          tenant: ctx.state.tenant.id,
          reason: err.code,
          ...(subject !== undefined ? { user: subject } : {}),
          ...(detail ? { detail } : {}),
        };
        // One row per address, reason and window (sso-rejections.ts); without the aggregator (hand-built deps), one each.
        if (deps.rejections) await deps.rejections.record(ctx.ip, rejection);
        else await services.audit.record({ ...rejection, type: 'sso_login', success: false });
        // The page shows the reason in words and what to ask the admin (person-help.ts); the detail stays in the
        // audit row and the expected/received values in the admin's sign-in log.
        const help = isReasonCode(err.code) ? personHelp(err.code, detail) : { message: err.message };
        throw new SamlbridgeError(err.code, help.message, {
          status: err.status,
          ...('next' in help ? { details: { nextStep: help.next } } : {}),
        });
      }
      throw err;
    }
  };

  /** A declared body over the limit is refused before it is read (chunked bodies stop at formBytes in parseBody). */
  const limitBody: Middleware = async (ctx, next) => {
    if (Number(ctx.get('content-length') || 0) > ACS_LIMITS.formBytes) throw reject('message_too_large');
    await next();
  };

  const readPost: Middleware = async (ctx, next) => {
    const body = ((ctx.request as { body?: Record<string, unknown> }).body ?? {}) as Record<string, unknown>;
    if (typeof body.SAMLResponse !== 'string' || body.SAMLResponse === '') throw reject('malformed_response', 'No SAMLResponse field');
    ctx.state.acs = {
      ...ctx.state.acs,
      samlResponse: body.SAMLResponse,
      relayState: typeof body.RelayState === 'string' ? body.RelayState : undefined,
    };
    if (config.samlTrace) logger.trace({ samlResponseBase64: body.SAMLResponse }, 'ACS received SAMLResponse');
    await next();
  };

  const loadSettings: Middleware = async (ctx, next) => {
    const settings = await services.sso.getSettings(ctx.state.tenant.id);
    // SSO integration type None: every Response is refused, whatever it holds (checked before anything is read).
    if (settings.integrationType === 'none') throw reject('sso_disabled');
    if (!isConfigured(settings)) throw reject('sso_not_configured');
    ctx.state.acs = { ...ctx.state.acs, settings };
    await next();
  };

  /**
   * The protocol verifier with this tenant's settings: signatures and conditions, then saml-profiles §4.1.4.3 (an
   * answer to our AuthnRequest, consumed once, or unsolicited when allowed) and §4.1.4.5 (an assertion ID is
   * accepted once while it could still be valid), against this SP's stores.
   */
  const acceptResponse: Middleware = async (ctx, next) => {
    const { settings, samlResponse } = ctx.state.acs as AcsState;
    const tenant = ctx.state.tenant.id;
    const verified = await acceptSamlResponse(
      samlResponse,
      {
        idpEntityId: settings.idpEntityId,
        spEntityId: spEntityId(ctx.state.tenant, settings),
        acsUrl: acsUrl(ctx.state.tenant),
        certificateFingerprints: settings.certificateFingerprints,
        certificatePem: settings.certificatePem,
        requireSignedAssertion: settings.requireSignedAssertion,
        allowSha1: settings.allowSha1,
        now: clock.now(),
        clockSkewSeconds: config.clockSkewSeconds,
        maxBytes: MAX_RESPONSE_BYTES,
        decryption: decryptionOf(settings, encryptionKey),
      },
      {
        inResponseTo: {
          allowUnsolicited: settings.allowUnsolicited,
          consume: (requestId) => store.pendingRequests.consume(tenant, requestId, clock.now()),
        },
        replay: (assertionId, until) => store.replay.remember(tenant, assertionId, until, clock.now()),
        ...(ctx.state.signInChecks ? { checks: ctx.state.signInChecks } : {}),
      },
    );
    ctx.state.acs = { ...ctx.state.acs, verified };
    await next();
  };

  /**
   * TargetedID (configured attribute, else NameID) finds the LMS user; JIT-created, profile re-synced. An account the
   * identity provider does not manage (the Super Admin, a local account) is refused before anything is written.
   */
  const findOrCreateUser: Middleware = async (ctx, next) => {
    const { verified, settings } = ctx.state.acs as AcsState;
    const first = (name: string) => verified.attributes[name]?.[0]?.trim() ?? '';
    const login = first(settings.attributes.targetedId) || verified.nameId;
    if (!login) throw reject('missing_targeted_id');
    const user = await services.users
      .upsertFromSso(ctx.state.tenant.id, {
        login,
        email: first(settings.attributes.email),
        firstName: first(settings.attributes.firstName),
        lastName: first(settings.attributes.lastName),
      })
      .catch((err: unknown) => {
        // The email of a trashed user stays reserved until it is permanently deleted (the article's warning).
        if (isSpError(err, 'email_not_unique')) throw reject('email_not_unique');
        if (isSpError(err, 'account_not_sso_managed')) throw reject('account_not_sso_managed');
        throw err;
      });
    if (!user.active) throw reject('user_inactive');
    ctx.state.acs = { ...ctx.state.acs, lmsUser: user };
    await next();
  };

  /** The Super Admin and locally created accounts are never signed in through SSO (checked again before the session starts). */
  const requireSsoManagedAccount: Middleware = async (ctx, next) => {
    const { lmsUser } = ctx.state.acs as AcsState;
    if (!services.users.isSsoManaged(lmsUser)) throw reject('account_not_sso_managed');
    await next();
  };

  const signIn: Middleware = async (ctx) => {
    const { lmsUser, relayState, verified } = ctx.state.acs as AcsState;
    startSession(ctx, lmsUser, 'sso', clock.now());
    // Single Logout needs the NameID and SessionIndex this session came with (http/single-logout.ts).
    ctx.state.session.set('saml', {
      nameId: verified.nameId,
      ...(verified.nameIdFormat ? { nameIdFormat: verified.nameIdFormat } : {}),
      ...(verified.sessionIndex ? { sessionIndex: verified.sessionIndex } : {}),
    } satisfies SamlSessionInfo);
    await services.audit.record({ tenant: ctx.state.tenant.id, type: 'sso_login', success: true, user: lmsUser.login });
    ctx.status = 303;
    ctx.redirect(safeReturnPath(relayState, ctx.state.tenant.origin) ?? '/dashboard');
  };

  return [
    noCache,
    checkHostSegment,
    recordSignInTrace(deps),
    auditFailures,
    limitBody,
    parseBody({ formLimit: `${ACS_LIMITS.formBytes / 1024}kb`, jsonLimit: '1kb' }),
    readPost,
    loadSettings,
    acceptResponse,
    findOrCreateUser,
    requireSsoManagedAccount,
    signIn,
  ];
}

export { REASONS };
