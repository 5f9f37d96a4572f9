// The audit stream: every SSO and password sign-in attempt, typed and stored.
import type { Clock, Logger } from '@samlbridge/web';
import type { Store } from '../store/types.js';

export type AuditType =
  | 'sso_login'
  | 'password_login'
  | 'logout'
  | 'sso_settings_updated'
  | 'sso_configuration_checked'
  | 'scim_enabled'
  | 'scim_key_regenerated'
  | 'scim_disabled'
  | 'account_updated'
  | 'user_added'
  | 'user_deleted'
  | 'user_restored'
  | 'user_purged';

export interface AuditService {
  record(e: { tenant: string; type: AuditType; success: boolean; reason?: string; user?: string; detail?: string }): Promise<void>;
}

export function createAuditService(store: Store, clock: Clock, logger: Logger): AuditService {
  return {
    async record(e) {
      await store.events.add({
        tenant: e.tenant,
        type: e.type,
        time: clock.now(),
        success: e.success,
        reason: e.reason ?? null,
        user: e.user ?? null,
        detail: e.detail ?? null,
      });
      logger.info({ event: e.type, tenant: e.tenant, success: e.success, reason: e.reason, user: e.user }, 'audit');
    },
  };
}
