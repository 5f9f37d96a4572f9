// Admin JSON API (bearer SP_ADMIN_API_KEY) under /api/admin, as a route table: the router and the OpenAPI document
// (GET /api/admin/openapi.json) are both made from it; every request is checked against its schemas first.
import { type ApiRoute, apiRoute, openApiDocument, type ResponseSpec } from '@samlbridge/web';
import type { ParameterizedContext } from 'koa';
import type { SpDeps } from '../deps.js';
import type { AuditType } from '../lms/audit.js';
import { isConfigured, type SsoSettings } from '../sso/settings.js';
import type { Tenant } from '../tenant.js';
import { acsUrl, metadataUrl, spEntityId } from '../tenant.js';
import {
  Account,
  AccountInput,
  ApiError,
  COMPONENTS,
  Events,
  EventsQuery,
  ScimKey,
  ScimStatus,
  SsoSettingsInput,
  SsoSettings as SsoSettingsSchema,
  Users,
} from './admin-api-schemas.js';

export const ADMIN_API_PREFIX = '/api/admin';

export function settingsJson(tenant: Tenant, s: SsoSettings) {
  return {
    ...s,
    configured: isConfigured(s),
    sp: { entityId: spEntityId(tenant, s), acsUrl: acsUrl(tenant), metadataUrl: metadataUrl(tenant) },
  };
}

const unauthorized: ResponseSpec = { description: 'Missing or wrong "Authorization: Bearer <SP admin API key>"', schema: ApiError };
const invalid = (description: string): ResponseSpec => ({ description, schema: ApiError });

export function adminApiRoutes({ services, store }: SpDeps): ApiRoute[] {
  const tenantOf = (ctx: ParameterizedContext) => ctx.state.tenant as Tenant;
  const scimBaseUrl = (ctx: ParameterizedContext) => `${tenantOf(ctx).origin}/api/scim2`;
  const audit = (ctx: ParameterizedContext, type: AuditType) =>
    services.audit.record({ tenant: tenantOf(ctx).id, type, success: true, detail: 'api' });
  return [
    apiRoute({
      method: 'get',
      path: '/sso',
      summary: 'Single Sign-On (SSO) settings, and the SP values to give the IdP',
      responses: { 200: { description: 'Settings', schema: SsoSettingsSchema }, 401: unauthorized },
      handle: async (_input, ctx) => ({
        status: 200,
        body: settingsJson(tenantOf(ctx), await services.sso.getSettings(tenantOf(ctx).id)),
      }),
    }),
    apiRoute({
      method: 'put',
      path: '/sso',
      summary: 'Save SSO settings (a partial update: absent fields keep their value)',
      body: SsoSettingsInput,
      responses: {
        200: { description: 'Saved', schema: SsoSettingsSchema },
        400: invalid('invalid_settings: one message per invalid field in `details`; nothing saved'),
        401: unauthorized,
      },
      handle: async ({ body }, ctx) => {
        const { sp: _sp, configured: _configured, ...input } = body;
        const saved = await services.sso.updateSettings(tenantOf(ctx).id, input);
        await audit(ctx, 'sso_settings_updated');
        return { status: 200, body: settingsJson(tenantOf(ctx), saved) };
      },
    }),
    apiRoute({
      method: 'get',
      path: '/events',
      summary: 'Audit events (sign-ins, settings, SCIM), newest first',
      query: EventsQuery,
      responses: { 200: { description: 'Events', schema: Events }, 400: invalid('invalid limit'), 401: unauthorized },
      handle: async ({ query }, ctx) => {
        const events = await store.events.list(tenantOf(ctx).id, { limit: query.limit });
        return { status: 200, body: { events } };
      },
    }),
    apiRoute({
      method: 'get',
      path: '/users',
      summary: 'LMS users, the trash included (never a password hash)',
      responses: { 200: { description: 'Users', schema: Users }, 401: unauthorized },
      handle: async (_input, ctx) => {
        const users = await services.users.list(tenantOf(ctx).id);
        return { status: 200, body: { users: users.map(({ passwordHash: _p, ...u }) => u) } };
      },
    }),
    apiRoute({
      method: 'get',
      path: '/scim',
      summary: 'SCIM v2 provisioning: enabled, active (a key and SSO configured), base URL',
      responses: { 200: { description: 'Status', schema: ScimStatus }, 401: unauthorized },
      handle: async (_input, ctx) => ({
        status: 200,
        body: { ...(await services.account.scimStatus(tenantOf(ctx).id)), baseUrl: scimBaseUrl(ctx) },
      }),
    }),
    apiRoute({
      method: 'post',
      path: '/scim',
      summary: 'Enable SCIM or regenerate its key (the old one stops working); the key is in this response only',
      responses: {
        200: { description: 'The new key', schema: ScimKey },
        401: unauthorized,
        409: invalid('sso_not_configured: configure SAML SSO first'),
      },
      handle: async (_input, ctx) => {
        const before = await services.account.scimStatus(tenantOf(ctx).id);
        const apiKey = await services.account.enableScim(tenantOf(ctx).id);
        await audit(ctx, before.enabled ? 'scim_key_regenerated' : 'scim_enabled');
        ctx.set('Cache-Control', 'no-store');
        return { status: 200, body: { apiKey, baseUrl: scimBaseUrl(ctx) } };
      },
    }),
    apiRoute({
      method: 'delete',
      path: '/scim',
      summary: 'Disable SCIM and forget its key',
      responses: { 204: { description: 'Disabled' }, 401: unauthorized },
      handle: async (_input, ctx) => {
        await services.account.disableScim(tenantOf(ctx).id);
        await audit(ctx, 'scim_disabled');
        return { status: 204 };
      },
    }),
    apiRoute({
      method: 'get',
      path: '/account',
      summary: "The account's time zone",
      responses: { 200: { description: 'Account', schema: Account }, 401: unauthorized },
      handle: async (_input, ctx) => ({ status: 200, body: { timezone: (await services.account.get(tenantOf(ctx).id)).timezone } }),
    }),
    apiRoute({
      method: 'put',
      path: '/account',
      summary: "Set the account's time zone",
      body: AccountInput,
      invalidCode: 'invalid_timezone',
      responses: {
        200: { description: 'Saved', schema: Account },
        400: invalid('invalid_timezone: not an IANA time zone'),
        401: unauthorized,
      },
      handle: async ({ body }, ctx) => {
        const saved = await services.account.setTimezone(tenantOf(ctx).id, body.timezone);
        await audit(ctx, 'account_updated');
        return { status: 200, body: { timezone: saved.timezone } };
      },
    }),
  ];
}

/** OpenAPI 3.1 description of the SP admin API (served at /api/admin/openapi.json). */
export function adminApiDocument(baseUrl: string, routes: readonly ApiRoute[]): Record<string, unknown> {
  return openApiDocument(
    {
      title: 'samlbridge SP (TalentLMS-like) admin API',
      version: '0.1.0',
      servers: [{ url: `${baseUrl}${ADMIN_API_PREFIX}` }],
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'SP_ADMIN_API_KEY' } },
      security: ['bearer'],
      components: COMPONENTS,
    },
    routes,
  );
}
