// The small repositories, written once for both engines: admins, API keys, login flows, accepted
// AuthnRequest IDs, request-signing settings, held passwords.
import { affected } from '@samlbridge/web';
import type { Selectable } from 'kysely';
import type { Database } from './database.js';
import { guarded, key, type Sql } from './dialect.js';
import type { PendingPasswordRepository } from './provisioning-types.js';
import type {
  AdminRepository,
  ApiKeyRepository,
  AuthnRequestIdRepository,
  LoginFlowRepository,
  RequestSigningRepository,
} from './types.js';

export function admins(ctx: Sql): AdminRepository {
  const { db, dialect } = ctx;
  const toAdmin = (r: Selectable<Database['admins']>) => ({
    id: r.id,
    email: r.email,
    passwordHash: r.password_hash,
    createdAt: dialect.fromDbDate(r.created_at),
  });
  return {
    async insert(a) {
      await guarded(ctx, () =>
        db
          .insertInto('admins')
          .values({
            id: a.id,
            email: a.email,
            email_key: key(a.email),
            password_hash: a.passwordHash,
            created_at: dialect.toDbDate(a.createdAt),
          })
          .execute(),
      );
    },
    async findByEmail(email) {
      const row = await db.selectFrom('admins').selectAll().where('email_key', '=', key(email)).executeTakeFirst();
      return row && toAdmin(row);
    },
    async get(id) {
      const row = await db.selectFrom('admins').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toAdmin(row);
    },
  };
}

export function apiKeys(ctx: Sql): ApiKeyRepository {
  const { db, dialect } = ctx;
  return {
    async insert(k) {
      await guarded(ctx, () =>
        db
          .insertInto('api_keys')
          .values({ id: k.id, name: k.name, key_hash: k.keyHash, created_at: dialect.toDbDate(k.createdAt) })
          .execute(),
      );
    },
    async findByName(name) {
      const r = await db.selectFrom('api_keys').selectAll().where('name', '=', name).executeTakeFirst();
      return r && { id: r.id, name: r.name, keyHash: r.key_hash, createdAt: dialect.fromDbDate(r.created_at) };
    },
    async updateHash(id, keyHash) {
      await db.updateTable('api_keys').set({ key_hash: keyHash }).where('id', '=', id).execute();
    },
    async listHashes() {
      return (await db.selectFrom('api_keys').select('key_hash').execute()).map((r) => r.key_hash);
    },
  };
}

export function loginFlows(ctx: Sql): LoginFlowRepository {
  const { db, dialect } = ctx;
  return {
    async insert(f) {
      await db
        .insertInto('login_flows')
        .values({
          id: f.id,
          application_id: f.applicationId,
          request: f.request ? dialect.toDbJson(f.request) : null,
          relay_state: f.relayState ?? null,
          created_at: dialect.toDbDate(f.createdAt),
          expires_at: dialect.toDbDate(f.expiresAt),
        })
        .execute();
    },
    async get(id) {
      const r = await db.selectFrom('login_flows').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r) return undefined;
      return {
        id: r.id,
        applicationId: r.application_id,
        request: r.request === null ? null : dialect.fromDbJson(r.request),
        relayState: r.relay_state ?? undefined,
        createdAt: dialect.fromDbDate(r.created_at),
        expiresAt: dialect.fromDbDate(r.expires_at),
      };
    },
    async delete(id) {
      // Consume-once across instances: only one DELETE of the row reports it.
      return affected(await db.deleteFrom('login_flows').where('id', '=', id).executeTakeFirstOrThrow()) > 0;
    },
    async deleteExpired(now) {
      return affected(await db.deleteFrom('login_flows').where('expires_at', '<=', dialect.toDbDate(now)).executeTakeFirstOrThrow());
    },
  };
}

/** One statement, so two instances posting the same request at once cannot both see "new": the primary key lets one INSERT in. */
export function authnRequestIds(ctx: Sql): AuthnRequestIdRepository {
  const { db, dialect } = ctx;
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
export function requestSigning(ctx: Sql): RequestSigningRepository {
  const { db, dialect } = ctx;
  return {
    async get(applicationId) {
      const r = await db
        .selectFrom('application_request_signing')
        .select(['require_signed_requests', 'sp_certificate_pem', 'allow_sha1'])
        .where('application_id', '=', applicationId)
        .executeTakeFirst();
      return (
        r && {
          requireSignedRequests: dialect.fromDbBool(r.require_signed_requests),
          spCertificatePem: r.sp_certificate_pem,
          allowSha1: dialect.fromDbBool(r.allow_sha1),
        }
      );
    },
    async put(applicationId, s, now) {
      await db
        .insertInto('application_request_signing')
        .values({
          application_id: applicationId,
          require_signed_requests: dialect.toDbBool(s.requireSignedRequests),
          sp_certificate_pem: s.spCertificatePem,
          allow_sha1: dialect.toDbBool(s.allowSha1),
          updated_at: dialect.toDbDate(now),
        })
        .onConflict((oc) =>
          oc.column('application_id').doUpdateSet((eb) => ({
            require_signed_requests: eb.ref('excluded.require_signed_requests'),
            sp_certificate_pem: eb.ref('excluded.sp_certificate_pem'),
            allow_sha1: eb.ref('excluded.allow_sha1'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    },
  };
}

/** Sealed passwords held for a user's first SCIM create (see PendingPasswordRepository). */
export function pendingPasswords(ctx: Sql): PendingPasswordRepository {
  const { db, dialect } = ctx;
  return {
    async put(userId, sealed, expiresAt) {
      await db
        .insertInto('pending_passwords')
        .values({ user_id: userId, sealed, expires_at: dialect.toDbDate(expiresAt) })
        .onConflict((oc) =>
          oc.column('user_id').doUpdateSet((eb) => ({ sealed: eb.ref('excluded.sealed'), expires_at: eb.ref('excluded.expires_at') })),
        )
        .execute();
    },
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
