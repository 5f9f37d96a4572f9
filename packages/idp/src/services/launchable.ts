// When an application can be launched: the one predicate behind the user console tiles and the
// SSO URL's "not configured" page, so a tile never leads to a 409.
import type { Application } from '../domain.js';
import { placeholderFields } from './application-input.js';

/** What is missing before the application works: empty means configured. */
export function missingSettings(app: Application): string[] {
  if (app.kind === 'bookmark') {
    if (!app.bookmarkUrl) return ['bookmarkUrl'];
    return placeholderFields(app);
  }
  const missing: string[] = [];
  if (!app.spEntityId.trim()) missing.push('spEntityId');
  if (app.acsUrls.length === 0) missing.push('acsUrls');
  return [...missing, ...placeholderFields(app)];
}

/** SSO settings (or the bookmark URL) are complete: no empty required field, no YOURDOMAIN / SUBDOMAIN left. */
export function isConfigured(app: Application): boolean {
  return missingSettings(app).length === 0;
}

/** Active and configured: a user bound to it may launch it (the console shows its tile unless hidden). */
export function isLaunchable(app: Application): boolean {
  return app.ssoActive && isConfigured(app);
}
