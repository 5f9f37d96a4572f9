// The IdP Store the services see (ARCHITECTURE.md §5): one member per aggregate, each the repository its file builds
// (index.ts `repositories`), so a method is declared once, where it is written. Every method is async.
import type { Application, Group, UserRecord } from '../domain.js';
import type { repositories } from './index.js';

export interface ListOptions {
  limit: number;
  offset: number;
  /**
   * Case-insensitive substring filter ('' or absent: everything); `total` counts the matches. Users
   * match on username, email or "first last" name, groups on name, applications on display label
   * or name. `%` and `_` in it are literal characters, not wildcards.
   */
  search?: string;
}

/** What `update` never changes: the id, and the dates the store keeps itself. Every other field is patchable. */
type FixedUserField = 'id' | 'createdAt' | 'updatedAt';
export type UserPatch = Partial<Omit<UserRecord, FixedUserField>>;

export type GroupPatch = Partial<Pick<Group, 'name' | 'description'>>;

/** `name` (the SSO IdP URL) is fixed at creation; the services never change `kind` or `catalogId` either. */
export type ApplicationPatch = Partial<Omit<Application, 'id' | 'name' | 'createdAt' | 'updatedAt'>>;

/** Per-application "require signed AuthnRequests" (saml-bindings §3.4.4.1 / §3.5.4). */
export interface RequestSigningSettings {
  /** Refuse AuthnRequests that are not signed by the SP's certificate. */
  requireSignedRequests: boolean;
  /** The SP's signing certificate(s), PEM ('' when none). Several blocks allow rotation. */
  spCertificatePem: string;
  /** Accept RSA-SHA1 request signatures (off by default). */
  allowSha1: boolean;
}

/** Per-application SSO options kept apart from the application row. */
export interface SsoOptions {
  /** NameID formats an AuthnRequest's NameIDPolicy may ask for; null → the default list (services/name-id-formats.ts). */
  allowedNameIdFormats: string[] | null;
  /** IdP-initiated RelayState targets beyond relative paths: exact URLs, or prefixes ending in `*`. */
  allowedRelayStates: string[];
}

export interface Store extends ReturnType<typeof repositories> {
  /**
   * Runs `fn` atomically: all of its reads and writes through `tx` commit together or not at all,
   * and no other caller's statements interleave. Inside, use only `tx` (the outer store waits for
   * the transaction to end, so using it inside would deadlock) and do no network or slow work
   * (hash passwords before). Nested calls on `tx` join the running transaction.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type ApplicationRepository = Store['applications'];
