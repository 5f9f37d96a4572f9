// The small repositories, written once for both engines: admins, API keys, login flows, accepted
// AuthnRequest IDs, request-signing settings, held passwords.
import {
  affected,
  type Columns,
  deleteExpired,
  type Keyed,
  keyedColumns,
  keyedTable,
  type RowOf,
  snakeColumns,
  table,
  unexpiredRow,
} from '@samlbridge/web';
import type { Admin, ApiKey, LoginFlow } from '../domain.js';
import { guarded, key, type Sql } from './dialect.js';
import type { RequestSigningSettings } from './types.js';

const ADMIN = snakeColumns<Admin>()({
  text: ['id', 'email', 'passwordHash'],
  date: ['createdAt'],
});
export interface AdminsTable extends RowOf<Admin, typeof ADMIN> {
  email_key: string;
}

const API_KEY = { id: 'id', name: 'name', keyHash: 'key_hash', createdAt: ['created_at', 'date'] } as const satisfies Columns<ApiKey>;
export type ApiKeysTable = RowOf<ApiKey, typeof API_KEY>;

const LOGIN_FLOW = snakeColumns<LoginFlow>()(
  {
    text: ['id', 'applicationId'],
    date: ['createdAt', 'expiresAt'],
    'json?': ['request'],
  },
  {
    relayState: ['relay_state', { to: (v) => v, from: (v) => v ?? undefined }],
  },
);
export interface LoginFlowsTable extends Omit<RowOf<LoginFlow, typeof LOGIN_FLOW>, 'relay_state'> {
  relay_state: string | null;
}

const SIGNING = keyedColumns<RequestSigningSettings>()('application_id', {
  text: ['spCertificatePem'],
  bool: ['requireSignedRequests', 'allowSha1'],
});
export type RequestSigningTable = RowOf<Keyed<RequestSigningSettings>, typeof SIGNING>;

type Pending = { userId: string; sealed: string; expiresAt: Date };
const PENDING = { userId: 'user_id', sealed: 'sealed', expiresAt: ['expires_at', 'date'] } as const satisfies Columns<Pending>;
export type PendingPasswordsTable = RowOf<Pending, typeof PENDING>;

export function admins(ctx: Sql) {
  const t = table<Admin, AdminsTable>(ctx.db, ctx.dialect, 'admins', ADMIN);
  return {
    insert: (a: Admin) => guarded(ctx, () => t.insert(a, { email_key: key(a.email) })),
    findByEmail: (email: string) => t.find({ email_key: key(email) }),
    get: (id: string) => t.find({ id }),
  };
}

export function apiKeys(ctx: Sql) {
  const t = table<ApiKey, ApiKeysTable>(ctx.db, ctx.dialect, 'api_keys', API_KEY);
  return {
    insert: (k: ApiKey) => guarded(ctx, () => t.insert(k)),
    findByName: (name: string) => t.find({ name }),
    async updateHash(id: string, keyHash: string) {
      await t.update({ id }, { keyHash });
    },
    listHashes: async () => (await ctx.db.selectFrom('api_keys').select('key_hash').execute()).map((r) => r.key_hash),
  };
}

export function loginFlows(ctx: Sql) {
  const t = table<LoginFlow, LoginFlowsTable>(ctx.db, ctx.dialect, 'login_flows', LOGIN_FLOW);
  return {
    insert: (f: LoginFlow) => t.insert(f),
    get: (id: string) => t.find({ id }),
    // Consume-once across instances: only one DELETE of the row reports it.
    delete: async (id: string) => (await t.delete({ id })) > 0,
    deleteExpired: (now: Date) => deleteExpired(ctx, 'login_flows', now),
  };
}

/**
 * AuthnRequest IDs the IdP has accepted, per application: one answer per request, shared by every instance on the
 * database. `requestKey` is the SHA-256 (hex) of the request's ID, so its length is bounded whatever the SP sends.
 * A row counts until `expiresAt` (inclusive).
 */
export function authnRequestIds(ctx: Sql) {
  const { db, dialect } = ctx;
  return {
    /**
     * Records the key once: true for the first caller, false for every later one. One statement, so two instances
     * posting the same request at once cannot both see "new": the primary key lets one INSERT in.
     */
    async consume(applicationId: string, requestKey: string, expiresAt: Date) {
      const result = await db
        .insertInto('authn_request_ids')
        .values({ application_id: applicationId, request_key: requestKey, expires_at: dialect.toDbDate(expiresAt) })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirstOrThrow();
      return affected(result) === 1;
    },
    /** Deletes rows whose `expiresAt` is before `now`; returns how many. */
    deleteExpired: (now: Date) => deleteExpired(ctx, 'authn_request_ids', now, { inclusive: true }),
  };
}

/** Per-application "require signed AuthnRequests" by application ID; no row → signing not required (the default). */
export const requestSigning = ({ db, dialect }: Sql) =>
  keyedTable<RequestSigningSettings, string, RequestSigningTable>(db, dialect, 'application_request_signing', SIGNING);

/**
 * A password just set in the directory, held so the user's first SCIM create in an application can carry it
 * (RFC 7643 §4.1 `password`) although the user is usually bound to the application later. Held only as SecretBox
 * ciphertext (AES-256-GCM with IDP_SECRET_KEY, as pushed password changes are in the outbox), for a bounded time.
 */
export function pendingPasswords(ctx: Sql) {
  const t = table<Pending, PendingPasswordsTable>(ctx.db, ctx.dialect, 'pending_passwords', PENDING);
  return {
    /** Holds (or replaces) the user's sealed password until `expiresAt`. */
    put: (userId: string, sealed: string, expiresAt: Date) => t.upsert({ userId, sealed, expiresAt }, ['user_id']),
    /** The sealed password, unless none is held or it expired at `now`. */
    get: async (userId: string, now: Date) =>
      (await unexpiredRow<PendingPasswordsTable>(ctx, 'pending_passwords', 'user_id', userId, now))?.sealed,
    deleteExpired: (now: Date) => deleteExpired(ctx, 'pending_passwords', now),
  };
}
