// Account settings: the account time zone and "Enable SCIM v2 user provisioning" (TalentLMS: Account & Settings →
// Users → Single Sign-On (SSO)). The API key is shown once and kept only as a SHA-256 hash.

import { type Clock, hashToken, newToken, safeEqual } from '@samlbridge/web';
import { spError } from '../sp-errors.js';
import type { SsoService } from '../sso/sso-service.js';
import { ACCOUNT_DEFAULTS, type AccountSettings, type Store } from '../store/types.js';
import { tenantKey } from '../tenant.js';

export type ScimKeyCheck = 'ok' | 'bad_key' | 'scim_disabled' | 'sso_not_configured';

export interface ScimStatus {
  enabled: boolean;
  /** A key exists and SSO is configured: requests with the key are served. */
  active: boolean;
  ssoConfigured: boolean;
}

export interface AccountService {
  get(tenant: string): Promise<AccountSettings>;
  setTimezone(tenant: string, timezone: string): Promise<AccountSettings>;
  scimStatus(tenant: string): Promise<ScimStatus>;
  /** Enables SCIM (or regenerates the key, revoking the old one); returns the new key, to be shown once. Needs SAML SSO. */
  enableScim(tenant: string): Promise<string>;
  /** Disables SCIM and forgets the key. */
  disableScim(tenant: string): Promise<void>;
  /** SP_SCIM_TOKEN at first start: becomes the tenant's key when the account has no settings yet. True when applied. */
  seedScimToken(tenant: string, token: string): Promise<boolean>;
  checkScimKey(tenant: string, key: string): Promise<ScimKeyCheck>;
}

export const SCIM_KEY_PREFIX = 'tlms';

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.length <= 64;
  } catch {
    return false;
  }
}

export function createAccountService(store: Store, sso: SsoService, clock: Clock): AccountService {
  const defaults = (): AccountSettings => ({ timezone: ACCOUNT_DEFAULTS.timezone, scimEnabled: false, scimTokenHash: null });
  const get = async (tenant: string) => (await store.account.get(tenantKey(tenant))) ?? defaults();
  const put = (tenant: string, a: AccountSettings) => store.account.put(tenantKey(tenant), a, clock.now());
  const ssoConfigured = async (tenant: string) => sso.isConfigured(await sso.getSettings(tenant));

  return {
    get,
    async setTimezone(tenant, timezone) {
      if (!isTimeZone(timezone)) {
        throw spError('invalid_timezone', `"${timezone}" is not an IANA time zone (e.g. UTC, Europe/Athens)`);
      }
      const next = { ...(await get(tenant)), timezone };
      await put(tenant, next);
      return next;
    },
    async scimStatus(tenant) {
      const a = await get(tenant);
      const configured = await ssoConfigured(tenant);
      return { enabled: a.scimEnabled, active: a.scimEnabled && !!a.scimTokenHash && configured, ssoConfigured: configured };
    },
    async enableScim(tenant) {
      if (!(await ssoConfigured(tenant))) {
        throw spError('sso_not_configured');
      }
      const key = newToken(SCIM_KEY_PREFIX);
      await put(tenant, { ...(await get(tenant)), scimEnabled: true, scimTokenHash: hashToken(key) });
      return key;
    },
    async disableScim(tenant) {
      await put(tenant, { ...(await get(tenant)), scimEnabled: false, scimTokenHash: null });
    },
    async seedScimToken(tenant, token) {
      // Only on a first start: once the account has settings (SCIM enabled, regenerated or disabled) they win.
      if (token === '' || (await store.account.get(tenantKey(tenant)))) return false;
      await put(tenant, { ...defaults(), scimEnabled: true, scimTokenHash: hashToken(token) });
      return true;
    },
    async checkScimKey(tenant, key) {
      const a = await get(tenant);
      if (!a.scimEnabled || !a.scimTokenHash) return 'scim_disabled';
      if (!safeEqual(hashToken(key), a.scimTokenHash)) return 'bad_key';
      return (await ssoConfigured(tenant)) ? 'ok' : 'sso_not_configured';
    },
  };
}
