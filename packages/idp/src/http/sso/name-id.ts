// The assertion's NameID, honouring the AuthnRequest's NameIDPolicy (saml-core §3.4.1.1, §8.3):
//   absent / unspecified / the application's configured format → the configured source and format;
//   emailAddress → the user's email (§8.3.2);
//   persistent   → an opaque random value per user and application, stored, never reused, with
//                  NameQualifier = IdP entity ID and SPNameQualifier = SP entity ID (§8.3.7);
//   transient    → a random value for the IdP session at this application (§8.3.8: "for the session"):
//                  the same value for every Response of one session, a new one for a new session;
// A format the IdP cannot produce or the application does not accept, an SPNameQualifier other than the
// requester, or AllowCreate other than "true" (absent means "false", §3.4.1.1) when a persistent identifier
// would have to be created now, gets a signed Response with Requester / InvalidNameIDPolicy at the ACS.
import { randomBytes } from 'node:crypto';
import { NAMEID_FORMAT, type NameIdPolicy } from '@samlbridge/protocol';
import type { Middleware } from 'koa';
import type { ResolvedApplication, User } from '../../domain.js';
import { acceptedNameIdFormats, DEFAULT_SSO_OPTIONS, PRODUCIBLE_NAME_ID_FORMATS } from '../../services/sso-options.js';
import type { SsoOptions } from '../../store/types.js';
import type { IdpDeps } from '../deps.js';
import { type SsoErrorCode, ssoError } from './sso-errors.js';
import { requireApp, ssoState } from './state.js';

/** What goes into saml:Subject/saml:NameID. */
export interface IssuedNameId {
  value: string;
  format: string;
  nameQualifier?: string;
  spNameQualifier?: string;
}

function invalidPolicy(code: SsoErrorCode, message: string) {
  return ssoError(code, message, {
    canRespond: true,
    samlStatus: { code: 'Requester', subCode: 'InvalidNameIDPolicy', message },
  });
}

/** The configured NameID (today's behaviour): source username / email / id, in the configured format. */
function configuredNameId(app: ResolvedApplication, user: User): IssuedNameId {
  const value = app.nameIdSource === 'email' ? user.email : app.nameIdSource === 'id' ? user.id : user.username;
  return { value, format: app.nameIdFormat || NAMEID_FORMAT.unspecified };
}

/** True when the policy leaves the choice to the application's configuration. */
function usesConfiguration(app: ResolvedApplication, format: string | undefined): boolean {
  return format === undefined || format === NAMEID_FORMAT.unspecified || format === app.nameIdFormat;
}

/** Refuses a policy no user could satisfy (format, SPNameQualifier). Throws the InvalidNameIDPolicy error. */
export function checkPolicy(app: ResolvedApplication, policy: NameIdPolicy | undefined, options: SsoOptions): void {
  if (!policy) return;
  // saml-core §3.4.1.1 SPNameQualifier: another SP's or an affiliation's namespace; we only have the requester's.
  if (policy.spNameQualifier !== undefined && policy.spNameQualifier !== app.spEntityId) {
    throw invalidPolicy(
      'name_id_qualifier_unsupported',
      `The AuthnRequest asks for a NameID in the namespace of "${policy.spNameQualifier}"; this identity provider only issues NameIDs for the requesting service provider "${app.spEntityId}".`,
    );
  }
  const format = policy.format;
  if (usesConfiguration(app, format)) return;
  if (!PRODUCIBLE_NAME_ID_FORMATS.includes(format as string)) {
    throw invalidPolicy(
      'name_id_format_unsupported',
      `The AuthnRequest asks for the NameID format ${format}, which this identity provider cannot produce.`,
    );
  }
  if (!acceptedNameIdFormats(app, options).includes(format as string)) {
    throw invalidPolicy(
      'name_id_format_not_allowed',
      `The AuthnRequest asks for the NameID format ${format}, which ${app.displayLabel} is not allowed to use. An administrator can allow it in the application's SSO settings.`,
    );
  }
}

/** The NameID for this user at this application under the request's policy (checkPolicy has passed). */
export async function issueNameId(
  { store, clock }: Pick<IdpDeps, 'store' | 'clock'>,
  app: ResolvedApplication,
  user: User,
  policy: NameIdPolicy | undefined,
  /** The IdP session's SessionIndex (saml-core §2.7.2): a transient NameID lives as long as it. */
  sessionIndex: string,
): Promise<IssuedNameId> {
  const format = policy?.format;
  if (usesConfiguration(app, format)) return configuredNameId(app, user);
  // Checked again: the settings may have changed while the person was signing in.
  checkPolicy(app, policy, (await store.ssoOptions.get(app.id)) ?? DEFAULT_SSO_OPTIONS);
  if (format === NAMEID_FORMAT.emailAddress) return { value: user.email, format };
  if (format === NAMEID_FORMAT.transient) {
    // Kept with the session participant (written when the Response is issued): the SP sees one value per session.
    const participant = (await store.singleLogout.participantsOfSession(sessionIndex)).find(
      (p) => p.applicationId === app.id && p.nameId.format === NAMEID_FORMAT.transient,
    );
    return { value: participant?.nameId.value ?? `_${randomBytes(20).toString('hex')}`, format };
  }
  if (format === NAMEID_FORMAT.persistent) {
    const qualifiers = { nameQualifier: app.idpEntityId, spNameQualifier: app.spEntityId };
    const existing = await store.persistentNameIds.get(app.id, user.id);
    if (existing !== undefined) return { value: existing, format, ...qualifiers };
    // saml-core §3.4.1.1 AllowCreate 'Defaults to "false"': without AllowCreate="true" the requester only accepts an
    // identifier already established, so none is created in the course of this request.
    if (policy?.allowCreate !== true) {
      const said = policy?.allowCreate === false ? 'AllowCreate="false"' : 'no AllowCreate, which means "false"';
      throw invalidPolicy(
        'name_id_create_not_allowed',
        `The AuthnRequest asks for an existing persistent NameID (${said}, saml-core §3.4.1.1), and ${user.username} has none at ${app.displayLabel} yet. The service provider can send AllowCreate="true" to let the identity provider create one.`,
      );
    }
    const value = await store.persistentNameIds.getOrCreate(app.id, user.id, randomBytes(32).toString('base64url'), clock.now());
    return { value, format, ...qualifiers };
  }
  throw new Error(`issueNameId: format ${format} passed checkPolicy but has no producer`);
}

/**
 * The SSO step after the request is accepted (before the sign-in): refuses a policy no user could satisfy,
 * and keeps the policy with the pending request so the Response after a sign-in honours it too.
 */
export const checkNameIdPolicy =
  ({ store }: IdpDeps): Middleware =>
  async (ctx, next) => {
    const s = ssoState(ctx);
    const policy = s.parsed?.nameIdPolicy;
    if (!policy || !s.pending) return next();
    s.pending.nameIdPolicy = policy;
    const app = requireApp(s);
    checkPolicy(app, policy, (await store.ssoOptions.get(app.id)) ?? DEFAULT_SSO_OPTIONS);
    await next();
  };
