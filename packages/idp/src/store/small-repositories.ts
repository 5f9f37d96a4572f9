// The small repositories, written once for both engines: admins, API keys, login flows, accepted
// AuthnRequest IDs, request-signing settings, held passwords.
import { affected, type Columns, type RowOf, table } from '@samlbridge/web';
import type { Admin, ApiKey, LoginFlow } from '../domain.js';
import { guarded, key, type Sql } from './dialect.js';
import type { PendingPasswordRepository } from './provisioning-types.js';
import type {
  AdminRepository,
  ApiKeyRepository,
  AuthnRequestIdRepository,
  LoginFlowRepository,
  RequestSigningRepository,
  RequestSigningSettings,
} from './types.js';

const ADMIN = {
  id: 'id',
  email: 'email',
  passwordHash: 'password_hash',
  createdAt: ['created_at', 'date'],
} as const satisfies Columns<Admin>;
export interface AdminsTable extends RowOf<Admin, typeof ADMIN> {
  email_key: string;
}

const API_KEY = { id: 'id', name: 'name', keyHash: 'key_hash', createdAt: ['created_at', 'date'] } as const satisfies Columns<ApiKey>;
export type ApiKeysTable = RowOf<ApiKey, typeof API_KEY>;

const LOGIN_FLOW = {
  id: 'id',
  applicationId: 'application_id',
  request: ['request', 'json?'],
  relayState: ['relay_state', { to: (v) => v, from: (v) => v ?? undefined }],
  createdAt: ['created_at', 'date'],
  expiresAt: ['expires_at', 'date'],
} as const satisfies Columns<LoginFlow>;
export interface LoginFlowsTable extends Omit<RowOf<LoginFlow, typeof LOGIN_FLOW>, 'relay_state'> {
  relay_state: string | null;
}

type SigningRow = RequestSigningSettings & { applicationId: string; updatedAt: Date };
const SIGNING = {
  applicationId: 'application_id',
  requireSignedRequests: ['require_signed_requests', 'bool'],
  spCertificatePem: 'sp_certificate_pem',
  allowSha1: ['allow_sha1', 'bool'],
  updatedAt: ['updated_at', 'date'],
} as const satisfies Columns<SigningRow>;
export type RequestSigningTable = RowOf<SigningRow, typeof SIGNING>;

type Pending = { userId: string; sealed: string; expiresAt: Date };
const PENDING = { userId: 'user_id', sealed: 'sealed', expiresAt: ['expires_at', 'date'] } as const satisfies Columns<Pending>;
export type PendingPasswordsTable = RowOf<Pending, typeof PENDING>;

export function admins(ctx: Sql): AdminRepository {
  const t = table<Admin, AdminsTable>(ctx.db, ctx.dialect, 'admins', ADMIN);
  return {
    insert: (a) => guarded(ctx, () => t.insert(a, { email_key: key(a.email) })),
    findByEmail: (email) => t.find({ email_key: key(email) }),
    get: (id) => t.find({ id }),
  };
}

export function apiKeys(ctx: Sql): ApiKeyRepository {
  const t = table<ApiKey, ApiKeysTable>(ctx.db, ctx.dialect, 'api_keys', API_KEY);
  return {
    insert: (k) => guarded(ctx, () => t.insert(k)),
    findByName: (name) => t.find({ name }),
    async updateHash(id, keyHash) {
      await ctx.db.updateTable('api_keys').set({ key_hash: keyHash }).where('id', '=', id).execute();
    },
    listHashes: async () => (await ctx.db.selectFrom('api_keys').select('key_hash').execute()).map((r) => r.key_hash),
  };
}

export function loginFlows({ db, dialect }: Sql): LoginFlowRepository {
  const t = table<LoginFlow, LoginFlowsTable>(db, dialect, 'login_flows', LOGIN_FLOW);
  return {
    insert: (f) => t.insert(f),
    get: (id) => t.find({ id }),
    // Consume-once across instances: only one DELETE of the row reports it.
    delete: async (id) => (await t.delete({ id })) > 0,
    async deleteExpired(now) {
      return affected(await db.deleteFrom('login_flows').where('expires_at', '<=', dialect.toDbDate(now)).executeTakeFirstOrThrow());
    },
  };
}

/** One statement, so two instances posting the same request at once cannot both see "new": the primary key lets one INSERT in. */
export function authnRequestIds({ db, dialect }: Sql): AuthnRequestIdRepository {
  return {
    async consume(applicationId, requestKey, expiresAt) {
      const result = await db
        .insertInto('authn_request_ids')
        .values({ application_id: applicationId, request_key: requestKey, expires_at: dialect.toDbDate(expiresAt) })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirstOrThrow();
      return affected(result) === 1;
    },
    async deleteExpired(now) {
      return affected(await db.deleteFrom('authn_request_ids').where('expires_at', '<', dialect.toDbDate(now)).executeTakeFirstOrThrow());
    },
  };
}

/** Per-application "require signed AuthnRequests"; no row → signing not required (the default). */
export function requestSigning({ db, dialect }: Sql): RequestSigningRepository {
  const t = table<SigningRow, RequestSigningTable>(db, dialect, 'application_request_signing', SIGNING);
  return {
    async get(applicationId) {
      const row = await t.find({ application_id: applicationId });
      return row && { requireSignedRequests: row.requireSignedRequests, spCertificatePem: row.spCertificatePem, allowSha1: row.allowSha1 };
    },
    put: (applicationId, s, now) => t.upsert({ ...s, applicationId, updatedAt: now }, ['application_id']),
  };
}

/** Sealed passwords held for a user's first SCIM create (see PendingPasswordRepository). */
export function pendingPasswords({ db, dialect }: Sql): PendingPasswordRepository {
  const t = table<Pending, PendingPasswordsTable>(db, dialect, 'pending_passwords', PENDING);
  return {
    put: (userId, sealed, expiresAt) => t.upsert({ userId, sealed, expiresAt }, ['user_id']),
    async get(userId, now) {
      const row = await db
        .selectFrom('pending_passwords')
        .select('sealed')
        .where('user_id', '=', userId)
        .where('expires_at', '>', dialect.toDbDate(now))
        .executeTakeFirst();
      return row?.sealed;
    },
    async deleteExpired(now) {
      return affected(await db.deleteFrom('pending_passwords').where('expires_at', '<=', dialect.toDbDate(now)).executeTakeFirstOrThrow());
    },
  };
}
