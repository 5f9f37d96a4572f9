// Admin JSON API (bearer SP_ADMIN_API_KEY): GET|PUT /api/admin/sso, GET /api/admin/events, GET /api/admin/users.
import type { Middleware } from 'koa';
import type { SpDeps } from '../deps.js';
import { isConfigured, type SsoSettings } from '../sso/settings.js';
import type { Tenant } from '../tenant.js';
import { acsUrl, metadataUrl, spEntityId } from '../tenant.js';

export function settingsJson(tenant: Tenant, s: SsoSettings) {
  return {
    ...s,
    configured: isConfigured(s),
    sp: { entityId: spEntityId(tenant, s), acsUrl: acsUrl(tenant), metadataUrl: metadataUrl(tenant) },
  };
}

export function adminApi({ services, store }: SpDeps) {
  const getSso: Middleware = async (ctx) => {
    ctx.body = settingsJson(ctx.state.tenant, await services.sso.getSettings(ctx.state.tenant.id));
  };
  const putSso: Middleware = async (ctx) => {
    const { sp: _sp, ...input } = ((ctx.request as { body?: Record<string, unknown> }).body ?? {}) as Record<string, unknown>;
    const saved = await services.sso.updateSettings(ctx.state.tenant.id, input);
    await services.audit.record({ tenant: ctx.state.tenant.id, type: 'sso_settings_updated', success: true, detail: 'api' });
    ctx.body = settingsJson(ctx.state.tenant, saved);
  };
  const listEvents: Middleware = async (ctx) => {
    const limit = Math.min(Math.max(Number(ctx.query.limit) || 100, 1), 1000);
    const events = await store.events.list(ctx.state.tenant.id, { limit });
    ctx.body = { events: events.map((e) => ({ ...e, time: e.time.toISOString() })) };
  };
  const listUsers: Middleware = async (ctx) => {
    const users = await services.users.list(ctx.state.tenant.id);
    ctx.body = {
      users: users.map(({ passwordHash: _p, ...u }) => ({
        ...u,
        createdAt: u.createdAt.toISOString(),
        updatedAt: u.updatedAt.toISOString(),
        lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
      })),
    };
  };
  return { getSso, putSso, listEvents, listUsers };
}
