// Checks a per-application Single Logout setting (saml-metadata §2.2.2 SingleLogoutService: Location and
// ResponseLocation are URLs), whoever saves it: the admin API, the portal's SSO tab, an SP metadata import.
import { adminError } from '../../admin-errors.js';
import type { SingleLogoutSettings } from '../../store/single-logout-types.js';

/** The settings of an application that takes no part in Single Logout. */
export const NO_SINGLE_LOGOUT: SingleLogoutSettings = { sloUrl: '', sloResponseUrl: '', binding: 'redirect' };

export function checkSloUrl(value: string, field: string): void {
  if (value === '') return;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw adminError('validation_failed', `${field} must be an http(s) URL`, { details: { field } });
  }
}

export function checkSloSettings(settings: SingleLogoutSettings, labels = { sloUrl: 'sloUrl', sloResponseUrl: 'sloResponseUrl' }): void {
  checkSloUrl(settings.sloUrl, labels.sloUrl);
  checkSloUrl(settings.sloResponseUrl, labels.sloResponseUrl);
  if (settings.sloResponseUrl && !settings.sloUrl) {
    throw adminError('validation_failed', `${labels.sloResponseUrl} needs ${labels.sloUrl} too`, { details: { field: labels.sloUrl } });
  }
}
