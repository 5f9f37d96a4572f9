// Admin JSON API (bearer SP_ADMIN_API_KEY): GET|PUT /api/admin/sso, GET /api/admin/events, GET /api/admin/users,
// GET|POST|DELETE /api/admin/scim (the SCIM key is returned once, by POST), GET|PUT /api/admin/account.
import { SamlbridgeError } from '@samlbridge/protocol';
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
        deletedAt: u.deletedAt?.toISOString() ?? null,
      })),
    };
  };
  const scimBaseUrl = (ctx: Parameters<Middleware>[0]) => `${ctx.state.tenant.origin}/api/scim2`;
  const getScim: Middleware = async (ctx) => {
    ctx.body = { ...(await services.account.scimStatus(ctx.state.tenant.id)), baseUrl: scimBaseUrl(ctx) };
  };
  /** Enables SCIM or regenerates its key (the old one stops working); the key is in this response only. */
  const enableScim: Middleware = async (ctx) => {
    const before = await services.account.scimStatus(ctx.state.tenant.id);
    const apiKey = await services.account.enableScim(ctx.state.tenant.id);
    await services.audit.record({
      tenant: ctx.state.tenant.id,
      type: before.enabled ? 'scim_key_regenerated' : 'scim_enabled',
      success: true,
      detail: 'api',
    });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { apiKey, baseUrl: scimBaseUrl(ctx) };
  };
  const disableScim: Middleware = async (ctx) => {
    await services.account.disableScim(ctx.state.tenant.id);
    await services.audit.record({ tenant: ctx.state.tenant.id, type: 'scim_disabled', success: true, detail: 'api' });
    ctx.status = 204;
  };
  const getAccount: Middleware = async (ctx) => {
    ctx.body = { timezone: (await services.account.get(ctx.state.tenant.id)).timezone };
  };
  const putAccount: Middleware = async (ctx) => {
    const input = ((ctx.request as { body?: Record<string, unknown> }).body ?? {}) as Record<string, unknown>;
    if (typeof input.timezone !== 'string')
      throw new SamlbridgeError('invalid_timezone', 'Send {"timezone": "<IANA time zone>"}', { status: 400 });
    const saved = await services.account.setTimezone(ctx.state.tenant.id, input.timezone);
    await services.audit.record({ tenant: ctx.state.tenant.id, type: 'account_updated', success: true, detail: 'api' });
    ctx.body = { timezone: saved.timezone };
  };
  return { getSso, putSso, listEvents, listUsers, getScim, enableScim, disableScim, getAccount, putAccount };
}
