// The SP's /healthz, /readyz and /metrics (web's operations.ts): what "ready" means here, the gauges read at
// scrape time, SCIM requests served by status, and sign-ins counted from the sso_login audit events.
import { type Clock, createOperations, LEGACY_SCHEMA_MIGRATION, type Logger, type Operations } from '@samlbridge/web';
import type { SpConfig } from './config.js';
import type { AuditService } from './lms/audit.js';
import { isScimPath } from './scim/scim-app.js';
import { SP_MIGRATIONS } from './store/migrations/index.js';
import type { Store } from './store/types.js';

export interface SpOperationsOptions {
  config: Pick<SpConfig, 'metricsToken'>;
  store: Store;
  clock: Clock;
  logger: Logger;
}

export function spOperations({ config, store, clock, logger }: SpOperationsOptions): Operations {
  const migrations = [SP_MIGRATIONS.legacy.name ?? LEGACY_SCHEMA_MIGRATION, ...SP_MIGRATIONS.steps.map((m) => m.name)];
  const ops = createOperations({
    app: 'sp',
    logger,
    metricsToken: config.metricsToken,
    isScimRequest: (ctx) => isScimPath(ctx.path),
    readiness: [
      { name: 'database_writable', check: () => store.maintenance.probeWrite() },
      {
        name: 'migrations_applied',
        async check() {
          const missing = await store.maintenance.missingMigrations(SP_MIGRATIONS.legacy.component, migrations);
          if (missing.length > 0) throw new Error(`not applied: ${missing.join(', ')}`);
        },
      },
    ],
  });
  ops.gauge('samlbridge_login_throttle_locked', 'Accounts and client addresses locked out of the sign-in form now', () =>
    store.maintenance.lockedThrottleKeys(clock.now()),
  );
  return ops;
}

/** Counts one sso_login audit event as a SAML sign-in (the SP has one application: `sp`). */
export type SignInCounter = (event: { type: string; success: boolean; reason?: string }) => void;

export function signInCounter(ops: Operations): SignInCounter {
  return (e) => {
    if (e.type !== 'sso_login') return;
    ops.signIns.inc({ application: 'sp', result: e.success ? 'success' : 'failure', reason: e.reason ?? 'none' });
  };
}

/** The audit service, counting every sso_login event it records. */
export function countSignIns(audit: AuditService, count: SignInCounter): AuditService {
  return {
    async record(e) {
      await audit.record(e);
      count(e);
    },
  };
}
