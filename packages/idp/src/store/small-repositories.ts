// The small repositories, written once for both engines: admins, API keys, login flows, accepted
// AuthnRequest IDs, request-signing settings, held passwords.
import { affected, type Columns, type Keyed, keyedTable, type RowOf, snakeColumns, table } from '@samlbridge/web';
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

const SIGNING = snakeColumns<Keyed<RequestSigningSettings>>()(
  {
    text: ['spCertificatePem'],
    date: ['updatedAt'],
    bool: ['requireSignedRequests', 'allowSha1'],
  },
  {
    key: 'application_id',
  },
);
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
      await ctx.db.updateTable('api_keys').set({ key_hash: keyHash }).where('id', '=', id).execute();
    },
    listHashes: async () => (await ctx.db.selectFrom('api_keys').select('key_hash').execute()).map((r) => r.key_hash),
  };
}

export function loginFlows({ db, dialect }: Sql) {
  const t = table<LoginFlow, LoginFlowsTable>(db, dialect, 'login_flows', LOGIN_FLOW);
  return {
    insert: (f: LoginFlow) => t.insert(f),
    get: (id: string) => t.find({ id }),
    // Consume-once across instances: only one DELETE of the row reports it.
    delete: async (id: string) => (await t.delete({ id })) > 0,
    async deleteExpired(now: Date) {
      return affected(await db.deleteFrom('login_flows').where('expires_at', '<=', dialect.toDbDate(now)).executeTakeFirstOrThrow());
    },
  };
}

/**
 * AuthnRequest IDs the IdP has accepted, per application: one answer per request, shared by every instance on the
 * database. `requestKey` is the SHA-256 (hex) of the request's ID, so its length is bounded whatever the SP sends.
 * A row counts until `expiresAt` (inclusive).
 */
export function authnRequestIds({ db, dialect }: Sql) {
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
    async deleteExpired(now: Date) {
      return affected(await db.deleteFrom('authn_request_ids').where('expires_at', '<', dialect.toDbDate(now)).executeTakeFirstOrThrow());
    },
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
export function pendingPasswords({ db, dialect }: Sql) {
  const t = table<Pending, PendingPasswordsTable>(db, dialect, 'pending_passwords', PENDING);
  return {
    /** Holds (or replaces) the user's sealed password until `expiresAt`. */
    put: (userId: string, sealed: string, expiresAt: Date) => t.upsert({ userId, sealed, expiresAt }, ['user_id']),
    /** The sealed password, unless none is held or it expired at `now`. */
    async get(userId: string, now: Date) {
      const row = await db
        .selectFrom('pending_passwords')
        .select('sealed')
        .where('user_id', '=', userId)
        .where('expires_at', '>', dialect.toDbDate(now))
        .executeTakeFirst();
      return row?.sealed;
    },
    async deleteExpired(now: Date) {
      return affected(await db.deleteFrom('pending_passwords').where('expires_at', '<=', dialect.toDbDate(now)).executeTakeFirstOrThrow());
    },
  };
}
