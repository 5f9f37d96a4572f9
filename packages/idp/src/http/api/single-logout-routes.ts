// Per-application Single Logout settings. Signing expectations are the application's request-signing settings
// (the SP certificate and "require signed requests" apply to LogoutRequests and LogoutResponses too).
import { type ApiRoute, apiRoute } from '@samlbridge/web';
import type { IdpDeps } from '../deps.js';
import { endUserSessions } from '../slo/end-user-sessions.js';
import { checkSloSettings, checkSloUrl, NO_SINGLE_LOGOUT } from '../slo/slo-settings.js';
import { errors, IdParams } from './schemas/common.js';
import { EndedUserSessions, SingleLogoutSettings } from './schemas/single-logout.js';

export function singleLogoutRoutes(deps: IdpDeps): ApiRoute[] {
  const { store, services, clock } = deps;
  const exists = async (id: string) => {
    await services.directory.getApplication(id); // 404 when unknown
  };
  return [
    apiRoute({
      method: 'get',
      path: '/applications/:id/single-logout',
      summary: "The application's Single Logout settings",
      params: IdParams,
      responses: { 200: { description: 'Settings', schema: SingleLogoutSettings }, ...errors(404) },
      handle: async ({ params }) => {
        await exists(params.id);
        const settings = (await store.singleLogout.getSettings(params.id)) ?? NO_SINGLE_LOGOUT;
        return { status: 200, body: { ...settings, soapUrl: await store.sloSoapEndpoints.get(params.id) } };
      },
    }),
    apiRoute({
      method: 'put',
      path: '/applications/:id/single-logout',
      summary: "Set the application's Single Logout settings",
      params: IdParams,
      body: SingleLogoutSettings,
      responses: { 200: { description: 'Saved', schema: SingleLogoutSettings }, ...errors(400, 404) },
      handle: async ({ params, body }) => {
        await exists(params.id);
        const { soapUrl, ...settings } = body as SingleLogoutSettings;
        checkSloSettings(settings);
        if (soapUrl !== undefined) checkSloUrl(soapUrl, 'soapUrl');
        await store.singleLogout.putSettings(params.id, settings, clock.now());
        if (soapUrl !== undefined) await store.sloSoapEndpoints.put(params.id, soapUrl, clock.now());
        return { status: 200, body: { ...settings, soapUrl: await store.sloSoapEndpoints.get(params.id) } };
      },
    }),
    apiRoute({
      method: 'delete',
      path: '/users/:id/sessions',
      summary:
        'End every IdP session of the user; applications with a SOAP Single Logout URL are sent a LogoutRequest (back channel) and their outcome returned, the others are listed as not told',
      params: IdParams,
      responses: { 200: { description: 'Ended', schema: EndedUserSessions }, ...errors(404) },
      handle: async ({ params }) => ({ status: 200, body: await endUserSessions(deps, params.id, 'admin-api') }),
    }),
  ];
}
