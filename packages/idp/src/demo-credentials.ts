// A public (https) IdP still using the demo admin password or API key is one curl away from being
// taken over: say so loudly at start, naming the settings, never their values.
import type { Logger } from '@samlbridge/web';
import { type IdpConfig, idpConfigSpec } from './config.js';
import type { AdminService } from './services/admins.js';

const DEMO_ADMIN_PASSWORD = String(idpConfigSpec.adminPassword.default);
const DEMO_API_KEY = String(idpConfigSpec.adminApiKey.default);

/** The settings still holding their demo default (the admin password as stored, not only as configured). */
export async function demoCredentialsInUse(config: IdpConfig, admins: AdminService): Promise<string[]> {
  const out: string[] = [];
  // The account keeps its first password: a changed IDP_ADMIN_PASSWORD does not change a demo one already stored.
  if (await admins.authenticate(config.adminEmail, DEMO_ADMIN_PASSWORD)) out.push(idpConfigSpec.adminPassword.env);
  if (config.adminApiKey === DEMO_API_KEY) out.push(idpConfigSpec.adminApiKey.env);
  return out;
}

/** Only for an https base URL: plain-http demos and tests keep their defaults quietly. */
export async function warnAboutDemoCredentials(config: IdpConfig, admins: AdminService, log: Logger): Promise<string[]> {
  if (!config.baseUrl.startsWith('https:')) return [];
  const settings = await demoCredentialsInUse(config, admins);
  if (settings.length > 0) {
    log.warn(
      { settings, baseUrl: config.baseUrl },
      `SECURITY: ${settings.join(' and ')} still hold the public demo default on ${config.baseUrl}. ` +
        'Anyone can sign in to the admin portal / API with it: set a strong value (and change the admin password in place) before exposing this IdP.',
    );
  }
  return settings;
}
