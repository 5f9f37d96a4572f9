// SSO settings as a service: the settings page, the admin API and start scripts all go through it.
import type { Clock } from '@samlbridge/web';
import type { Store } from '../store/types.js';
import { tenantKey } from '../tenant.js';
import { defaultSettings, isConfigured, type SsoSettings, validateSettings } from './settings.js';

export interface SsoService {
  /** The tenant's settings (defaults when never saved). `tenant` is a tenant ID or a hostname. */
  getSettings(tenant: string): Promise<SsoSettings>;
  /** Validates a partial update (absent fields keep their value) and saves it; throws SettingsValidationError (400). */
  updateSettings(tenant: string, input: unknown): Promise<SsoSettings>;
  isConfigured(settings: SsoSettings): boolean;
}

export function createSsoService(store: Store, clock: Clock): SsoService {
  async function getSettings(tenant: string): Promise<SsoSettings> {
    const saved = await store.settings.get(tenantKey(tenant));
    const defaults = defaultSettings();
    return saved ? { ...defaults, ...saved, attributes: { ...defaults.attributes, ...saved.attributes } } : defaults;
  }
  return {
    getSettings,
    async updateSettings(tenant, input) {
      const next = validateSettings(input, await getSettings(tenant));
      await store.settings.put(tenantKey(tenant), next, clock.now());
      return next;
    },
    isConfigured,
  };
}
