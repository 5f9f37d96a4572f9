// Per-application Single Logout settings. Signing expectations are the application's request-signing settings
// (the SP certificate and "require signed requests" apply to LogoutRequests and LogoutResponses too).
import { type ApiRoute, route } from '@samlbridge/web';
import type { IdpDeps } from '../deps.js';
import { endUserSessions } from '../slo/end-user-sessions.js';
import { checkSloSettings, checkSloUrl, NO_SINGLE_LOGOUT } from '../slo/slo-settings.js';
import { ById, errors } from './schemas/common.js';
import { EndedUserSessions, SingleLogoutSettings } from './schemas/single-logout.js';

export function singleLogoutRoutes(deps: IdpDeps): ApiRoute[] {
  const { store, services, clock } = deps;
  const exists = async (id: string) => {
    await services.directory.getApplication(id); // 404 when unknown
  };
  const withSoapUrl = async (id: string, settings: Omit<SingleLogoutSettings, 'soapUrl'>) => ({
    ...settings,
    soapUrl: await store.sloSoapEndpoints.get(id),
  });
  return [
    route('get', '/applications/:id/single-logout', "The application's Single Logout settings", ById).ok(
      SingleLogoutSettings,
      'Settings',
      errors(404),
      async ({ params }) => {
        await exists(params.id);
        return withSoapUrl(params.id, (await store.singleLogout.getSettings(params.id)) ?? NO_SINGLE_LOGOUT);
      },
    ),
    route('put', '/applications/:id/single-logout', "Set the application's Single Logout settings", {
      ...ById,
      body: SingleLogoutSettings,
    }).ok(SingleLogoutSettings, 'Saved', errors(400, 404), async ({ params, body }) => {
      await exists(params.id);
      const { soapUrl, ...settings } = body as SingleLogoutSettings;
      checkSloSettings(settings);
      if (soapUrl !== undefined) checkSloUrl(soapUrl, 'soapUrl');
      await store.singleLogout.putSettings(params.id, settings, clock.now());
      if (soapUrl !== undefined) await store.sloSoapEndpoints.put(params.id, soapUrl, clock.now());
      return withSoapUrl(params.id, settings);
    }),
    route(
      'delete',
      '/users/:id/sessions',
      'End every IdP session of the user; applications with a SOAP Single Logout URL are sent a LogoutRequest (back channel) and their outcome returned, the others are listed as not told',
      ById,
    ).ok(EndedUserSessions, 'Ended', errors(404), ({ params }) => endUserSessions(deps, params.id, 'admin-api')),
  ];
}
