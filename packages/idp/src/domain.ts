// The IdP's records as the services and routes see them (no storage details).
import type { NameIdPolicy, RequestedAuthnContext, SignatureAlgorithm, SigningMode } from '@samlbridge/protocol';
import type { MfaEventType } from './mfa/events.js';
import type { ProvisioningEventType } from './provisioning/events.js';
import type { InvitationEventType } from './services/invitation-events.js';

export type UserStatus = 'active' | 'suspended';

export interface User {
  id: string;
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  status: UserStatus;
  createdAt: Date;
  updatedAt: Date;
}

/** Stored user: the password hash never leaves the services layer. */
export interface UserRecord extends User {
  passwordHash: string | null;
}

export interface Group {
  id: string;
  name: string;
  description: string;
  createdAt: Date;
}

export type NameIdSource = 'username' | 'email' | 'id';

/** User fields an attribute (or the NameID) can take its value from. */
export type UserField = 'username' | 'email' | 'firstName' | 'lastName' | 'id';

/**
 * One SAML attribute of the issued assertion (JumpCloud "user attribute mapping"): its value
 * comes from a user field, or is a constant.
 */
export type AttributeMapping = ({ name: string; source: UserField } | { name: string; source: 'constant'; value: string }) &
  AttributeNaming;

/** saml-core §8.2: the Attribute NameFormat (absent → basic, today's default). */
export type AttributeNameFormat = 'basic' | 'uri' | 'unspecified';

/** saml-core §2.7.3.1: how the Attribute element names itself (NameFormat, FriendlyName). */
export interface AttributeNaming {
  nameFormat?: AttributeNameFormat;
  friendlyName?: string;
}

/** What TalentLMS expects: TargetedID ← Username, First name ← FirstName, Last name ← LastName, Email ← Email. */
export const DEFAULT_ATTRIBUTES: readonly AttributeMapping[] = [
  { name: 'Username', source: 'username' },
  { name: 'FirstName', source: 'firstName' },
  { name: 'LastName', source: 'lastName' },
  { name: 'Email', source: 'email' },
];

/** `saml`: an SSO application; `bookmark`: a console tile linking to a URL (no SAML). */
export type ApplicationKind = 'saml' | 'bookmark';

export interface Application {
  id: string;
  kind: ApplicationKind;
  /** Catalog entry it was created from (`talentlms`, `custom-saml`, `bookmark`, …), informative. */
  catalogId: string;
  /** URL slug of the SSO IdP URL `/saml2/{name}`; not editable after creation (like JumpCloud's SSO IdP URL). */
  name: string;
  displayLabel: string;
  description: string;
  /** Explicit IdP entity ID, or null for the default `{IDP_BASE_URL}/saml2/{name}`. */
  idpEntityIdOverride: string | null;
  spEntityId: string;
  /** Registered AssertionConsumerService URLs; the first is the default (index 0). */
  acsUrls: string[];
  defaultRelayState: string;
  nameIdSource: NameIdSource;
  nameIdFormat: string;
  signing: SigningMode;
  signatureAlgorithm: SignatureAlgorithm;
  attributes: AttributeMapping[];
  /** Name of an attribute listing the user's groups bound to this application, or null for none. */
  groupAttribute: string | null;
  /** Bookmark applications: the tile's URL (null for SAML applications). */
  bookmarkUrl: string | null;
  /** Portal image: `icon:<name>` (bundled) or a `data:image/…;base64,` URL (uploaded), null → default icon. */
  image: string | null;
  /** Hidden applications keep working (SSO URL, SP-initiated) but get no tile in the user console. */
  showInConsole: boolean;
  /** "Deactivate SSO" / "Deactivate Bookmark": the application stays, nobody can launch it. */
  ssoActive: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Application with URLs resolved against IDP_BASE_URL (what the API and SSO code use). */
export interface ResolvedApplication extends Application {
  idpEntityId: string;
  ssoUrl: string;
  metadataUrl: string;
}

export interface Admin {
  id: string;
  email: string;
  passwordHash: string;
  createdAt: Date;
}

export interface ApiKey {
  id: string;
  name: string;
  keyHash: string;
  createdAt: Date;
}

/** What a pending sign-in remembers while the person is on the login form (lives in the store). */
export interface LoginFlow {
  id: string;
  applicationId: string;
  /** Null for an IdP-initiated launch. */
  request: {
    id: string;
    acsUrl: string;
    forceAuthn: boolean;
    isPassive: boolean;
    issuer: string;
    /** saml-core §3.4.1.1, as the request carried it (absent: no NameIDPolicy). */
    nameIdPolicy?: NameIdPolicy;
    /** saml-core §3.3.2.2.1, when the SP asked for a kind of authentication (http/sso/authn-context.ts). */
    requestedAuthnContext?: RequestedAuthnContext;
  } | null;
  relayState: string | undefined;
  createdAt: Date;
  expiresAt: Date;
}

export type EventType =
  | 'sso_auth'
  | 'sso_logout'
  | 'user_login_attempt'
  | 'admin_api'
  | 'admin_portal'
  | 'signing_key'
  | ProvisioningEventType
  | MfaEventType
  | InvitationEventType;

/** Directory Insights-style audit event. Never holds SAML messages, passwords or keys. */
export interface IdpEvent {
  id: string;
  time: Date;
  type: EventType;
  /** Who acted: a username, `admin-api`, `admin:<email>` (portal), or `anonymous`. */
  initiator: string;
  userId: string | null;
  username: string | null;
  /** What was acted on (e.g. `user:<id>`), when not the application. */
  resource: string | null;
  /** Application name (slug). */
  application: string | null;
  success: boolean;
  /** Reason code for failures (and `ok` style codes for successes). */
  reason: string | null;
  detail: Record<string, unknown>;
}

export interface EventFilter {
  type?: string;
  application?: string;
  /** Matches the user ID or the username. */
  user?: string;
  success?: boolean;
  from?: Date;
  to?: Date;
  limit?: number;
  offset?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
