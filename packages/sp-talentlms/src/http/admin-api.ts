// Admin JSON API (bearer SP_ADMIN_API_KEY) under /api/admin, as a route table: the router and the OpenAPI document
// (GET /api/admin/openapi.json) are both made from it; every request is checked against its schemas first.
import { type ApiRoute, openApiDocument, type ResponseSpec, route } from '@samlbridge/web';
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
/** The error responses of a route: 401 always (every call needs the key), and these. */
const failures = (more: Record<number, ResponseSpec> = {}) => ({ 401: unauthorized, ...more });

export function adminApiRoutes({ services, store }: SpDeps): ApiRoute[] {
  const tenantOf = (ctx: ParameterizedContext) => ctx.state.tenant as Tenant;
  const scimBaseUrl = (ctx: ParameterizedContext) => `${tenantOf(ctx).origin}/api/scim2`;
  const audit = (ctx: ParameterizedContext, type: AuditType) =>
    services.audit.record({ tenant: tenantOf(ctx).id, type, success: true, detail: 'api' });
  return [
    route('get', '/sso', 'Single Sign-On (SSO) settings, and the SP values to give the IdP').ok(
      SsoSettingsSchema,
      'Settings',
      failures(),
      async (_input, ctx) => settingsJson(tenantOf(ctx), await services.sso.getSettings(tenantOf(ctx).id)),
    ),
    route('put', '/sso', 'Save SSO settings (a partial update: absent fields keep their value)', { body: SsoSettingsInput }).ok(
      SsoSettingsSchema,
      'Saved',
      failures({ 400: invalid('invalid_settings: one message per invalid field in `details`; nothing saved') }),
      async ({ body }, ctx) => {
        const { sp: _sp, configured: _configured, ...input } = body;
        const saved = await services.sso.updateSettings(tenantOf(ctx).id, input);
        await audit(ctx, 'sso_settings_updated');
        return settingsJson(tenantOf(ctx), saved);
      },
    ),
    route('get', '/events', 'Audit events (sign-ins, settings, SCIM), newest first', { query: EventsQuery }).ok(
      Events,
      'Events',
      failures({ 400: invalid('invalid limit') }),
      async ({ query }, ctx) => ({ events: await store.events.list(tenantOf(ctx).id, { limit: query.limit }) }),
    ),
    route('get', '/users', 'LMS users, the trash included (never a password hash)').ok(Users, 'Users', failures(), async (_input, ctx) => {
      const users = await services.users.list(tenantOf(ctx).id);
      return { users: users.map(({ passwordHash: _p, ...u }) => u) };
    }),
    route('get', '/scim', 'SCIM v2 provisioning: enabled, active (a key and SSO configured), base URL').ok(
      ScimStatus,
      'Status',
      failures(),
      async (_input, ctx) => ({ ...(await services.account.scimStatus(tenantOf(ctx).id)), baseUrl: scimBaseUrl(ctx) }),
    ),
    route('post', '/scim', 'Enable SCIM or regenerate its key (the old one stops working); the key is in this response only').ok(
      ScimKey,
      'The new key',
      failures({ 409: invalid('sso_not_configured: configure SAML SSO first') }),
      async (_input, ctx) => {
        const before = await services.account.scimStatus(tenantOf(ctx).id);
        const apiKey = await services.account.enableScim(tenantOf(ctx).id);
        await audit(ctx, before.enabled ? 'scim_key_regenerated' : 'scim_enabled');
        ctx.set('Cache-Control', 'no-store');
        return { apiKey, baseUrl: scimBaseUrl(ctx) };
      },
    ),
    route('delete', '/scim', 'Disable SCIM and forget its key').noContent('Disabled', failures(), async (_input, ctx) => {
      await services.account.disableScim(tenantOf(ctx).id);
      await audit(ctx, 'scim_disabled');
    }),
    route('get', '/account', "The account's time zone").ok(Account, 'Account', failures(), async (_input, ctx) => ({
      timezone: (await services.account.get(tenantOf(ctx).id)).timezone,
    })),
    route('put', '/account', "Set the account's time zone", { body: AccountInput, invalidCode: 'invalid_timezone' }).ok(
      Account,
      'Saved',
      failures({ 400: invalid('invalid_timezone: not an IANA time zone') }),
      async ({ body }, ctx) => {
        const saved = await services.account.setTimezone(tenantOf(ctx).id, body.timezone);
        await audit(ctx, 'account_updated');
        return { timezone: saved.timezone };
      },
    ),
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
