import type { Application } from '../domain.js';
import type { Store } from '../store/types.js';
import { isLaunchable } from './launchable.js';

export interface AuthorizationService {
  /** Users are implicitly denied: access comes only from membership of a group bound to the application. */
  canLaunch(userId: string, applicationId: string): Promise<boolean>;
  /** Applications bound to the user that are active and configured (`isLaunchable`). */
  launchableApplications(userId: string): Promise<Application[]>;
  /** The user console: launchable applications not hidden from it (JumpCloud hides the tile only). */
  consoleTiles(userId: string): Promise<Application[]>;
}

export function createAuthorizationService(store: Store): AuthorizationService {
  return {
    canLaunch: (userId, applicationId) => store.applications.isUserBound(userId, applicationId),
    async launchableApplications(userId) {
      return (await store.applications.listBoundToUser(userId)).filter(isLaunchable);
    },
    async consoleTiles(userId) {
      return (await store.applications.listBoundToUser(userId)).filter((a) => isLaunchable(a) && a.showInConsole);
    },
  };
}
