// The SP's small aggregates on PostgreSQL (sessions: @samlbridge/web's postgresSessionStore): SSO settings, pending AuthnRequest IDs, the
// assertion replay cache, audit events, account settings and rate-limit counters. Each atomic
// operation is ONE statement, so it stays atomic when several SP instances share the database.
import { type PgQueryable, pgJson } from '@samlbridge/web';
import type { SsoSettings } from '../../sso/settings.js';
import type { AccountRepo, AuditEvent, EventRepo, PendingRequestRepo, RateLimitRepo, ReplayRepo, SettingsRepo } from '../types.js';

export function postgresSettings(db: PgQueryable): SettingsRepo {
  return {
    async get(tenant) {
      const { rows } = await db.query<{ data: SsoSettings }>('SELECT data FROM sso_settings WHERE tenant = $1', [tenant]);
      return rows[0]?.data;
    },
    async put(tenant, settings, now) {
      await db.query(
        'INSERT INTO sso_settings (tenant, data, updated_at) VALUES ($1, $2, $3) ON CONFLICT (tenant) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at',
        [tenant, pgJson(settings), now],
      );
    },
  };
}

export function postgresPendingRequests(db: PgQueryable): PendingRequestRepo {
  return {
    async add(tenant, id, expiresAt) {
      await db.query('INSERT INTO pending_requests (tenant, id, expires_at) VALUES ($1, $2, $3)', [tenant, id, expiresAt]);
    },
    async consume(tenant, id, now) {
      await db.query('DELETE FROM pending_requests WHERE expires_at <= $1', [now]);
      // Consume-once: of two instances deleting the same row, only one gets it back.
      const result = await db.query('DELETE FROM pending_requests WHERE tenant = $1 AND id = $2 AND expires_at > $3 RETURNING id', [
        tenant,
        id,
        now,
      ]);
      return result.rows.length === 1;
    },
  };
}

export function postgresReplay(db: PgQueryable): ReplayRepo {
  return {
    async remember(tenant, assertionId, expiresAt, now) {
      await db.query('DELETE FROM replay_cache WHERE expires_at <= $1', [now]);
      // Insert-if-absent in one statement; an expired entry left by a concurrent sweep is taken over.
      const result = await db.query(
        `INSERT INTO replay_cache (tenant, assertion_id, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (tenant, assertion_id) DO UPDATE SET expires_at = excluded.expires_at WHERE replay_cache.expires_at <= $4`,
        [tenant, assertionId, expiresAt, now],
      );
      return result.rowCount === 1;
    },
  };
}

interface EventRow {
  id: number;
  tenant: string;
  type: string;
  time: Date;
  success: boolean;
  reason: string | null;
  user_login: string | null;
  detail: string | null;
}

const toEvent = (r: EventRow): AuditEvent => ({
  id: r.id,
  tenant: r.tenant,
  type: r.type,
  time: r.time,
  success: r.success,
  reason: r.reason,
  user: r.user_login,
  detail: r.detail,
});

export function postgresEvents(db: PgQueryable): EventRepo {
  return {
    async add(e) {
      await db.query('INSERT INTO events (tenant, type, time, success, reason, user_login, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        e.tenant,
        e.type,
        e.time,
        e.success,
        e.reason,
        e.user,
        e.detail,
      ]);
    },
    async list(tenant, { limit }) {
      const { rows } = await db.query<EventRow>('SELECT * FROM events WHERE tenant = $1 ORDER BY id DESC LIMIT $2', [tenant, limit]);
      return rows.map(toEvent);
    },
  };
}

export function postgresAccount(db: PgQueryable): AccountRepo {
  return {
    async get(tenant) {
      const { rows } = await db.query<{ timezone: string; scim_enabled: boolean; scim_token_hash: string | null }>(
        'SELECT timezone, scim_enabled, scim_token_hash FROM account_settings WHERE tenant = $1',
        [tenant],
      );
      const r = rows[0];
      return r ? { timezone: r.timezone, scimEnabled: r.scim_enabled, scimTokenHash: r.scim_token_hash } : undefined;
    },
    async put(tenant, a, now) {
      await db.query(
        `INSERT INTO account_settings (tenant, timezone, scim_enabled, scim_token_hash, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant) DO UPDATE SET timezone = excluded.timezone, scim_enabled = excluded.scim_enabled,
           scim_token_hash = excluded.scim_token_hash, updated_at = excluded.updated_at`,
        [tenant, a.timezone, a.scimEnabled, a.scimTokenHash, now],
      );
    },
  };
}

export function postgresRateLimits(db: PgQueryable): RateLimitRepo {
  return {
    async hit(key, windowStart) {
      // One statement counts the hit, whichever instance serves it.
      const { rows } = await db.query<{ hits: number }>(
        `INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1)
         ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1 RETURNING hits`,
        [key, windowStart],
      );
      const hits = rows[0]?.hits ?? 1;
      if (hits === 1) await db.query('DELETE FROM rate_limits WHERE key = $1 AND window_start < $2', [key, windowStart]);
      return hits;
    },
  };
}
