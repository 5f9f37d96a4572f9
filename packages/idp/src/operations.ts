// The IdP's /healthz, /readyz and /metrics (web's operations.ts): what "ready" means here, the gauges read at
// scrape time, and sign-in counting from the sso_auth events (no hook in the SSO path itself).
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { type Clock, createOperations, type LabelledReadings, type Logger, type Operations } from '@samlbridge/web';
import type { IdpConfig } from './config.js';
import type { SigningInfo } from './http/deps.js';
import { SCIM_SENT_CHANNEL } from './provisioning/scim-client.js';
import type { EventService, NewEvent } from './services/events.js';
import { legacyMigrations, namedMigrations } from './store/migrations/index.js';
import type { SigningKeySlot } from './store/signing-keys.js';
import type { Store } from './store/types.js';

const DAY_MS = 86_400_000;
/** Distinct application labels kept at most; later ones are counted as `other` (bounded cardinality). */
const MAX_APPLICATION_LABELS = 200;
const CERTIFICATE_LABEL: Record<SigningKeySlot, string> = { active: 'signing', standby: 'signing_standby' };

export interface IdpOperationsOptions {
  config: Pick<IdpConfig, 'metricsToken'>;
  store: Store;
  /** The active signing key now (it changes when a next key is activated). */
  signing: () => SigningInfo | undefined;
  clock: Clock;
  logger: Logger;
}

export function idpOperations({ config, store, signing, clock, logger }: IdpOperationsOptions): Operations {
  const migrations = [legacyMigrations.name, ...namedMigrations.map((m) => m.name)];
  const ops = createOperations({
    app: 'idp',
    logger,
    metricsToken: config.metricsToken,
    readiness: [
      { name: 'database_writable', check: () => store.maintenance.probeWrite() },
      {
        name: 'migrations_applied',
        async check() {
          const missing = await store.maintenance.missingMigrations(legacyMigrations.component, migrations);
          if (missing.length > 0) throw new Error(`not applied: ${missing.join(', ')}`);
        },
      },
      {
        name: 'signing_key_loaded',
        async check() {
          const active = signing();
          if (!active?.certificatePem || active.notAfter <= clock.now()) throw new Error('no usable signing certificate');
        },
      },
    ],
  });
  const stats = () => store.outboxStats.stats();
  ops.gauge('samlbridge_outbox_pending', 'Provisioning changes waiting to be delivered', async () => (await stats()).pending);
  ops.gauge(
    'samlbridge_outbox_failed',
    'Provisioning changes that failed permanently (kept for the portal)',
    async () => (await stats()).failed,
  );
  ops.gauge('samlbridge_outbox_oldest_pending_age_seconds', 'Age of the oldest provisioning change still waiting', async () => {
    const oldest = (await stats()).oldestPendingAt;
    return oldest ? Math.max(0, (clock.now().getTime() - oldest.getTime()) / 1000) : 0;
  });
  ops.gauge('samlbridge_login_throttle_locked', 'Accounts and client addresses locked out of the sign-in forms now', () =>
    store.maintenance.lockedThrottleKeys(clock.now()),
  );
  // Same metric and label as the SP's: the key that signs now, and the standby key (the next one before
  // activation, the previous one after) so an expiring next key shows before it is activated.
  ops.labelledGauge(
    'samlbridge_certificate_expiry_days',
    'Days until an IdP signing certificate expires: the active key (signing) and the standby key (signing_standby)',
    'certificate',
    async () => {
      const readings: LabelledReadings = {};
      for (const key of await store.signingKeys.list()) {
        const role = key.slot === null ? undefined : CERTIFICATE_LABEL[key.slot];
        if (role) readings[role] = Math.floor((key.notAfter.getTime() - clock.now().getTime()) / DAY_MS);
      }
      return readings;
    },
  );
  const onScim = (message: unknown) => ops.scimSent.inc({ status: String((message as { status: number | string }).status) });
  subscribe(SCIM_SENT_CHANNEL, onScim);
  const close = ops.close;
  ops.close = () => {
    unsubscribe(SCIM_SENT_CHANNEL, onScim);
    close();
  };
  return ops;
}

/** Counts one sso_auth event as a SAML sign-in (success, or failure with its reason code); application labels bounded. */
export type SignInCounter = (event: NewEvent) => void;

export function signInCounter(ops: Operations): SignInCounter {
  const seen = new Set<string>();
  const label = (application: string | null | undefined) => {
    const name = application ?? 'none';
    if (seen.has(name)) return name;
    if (seen.size >= MAX_APPLICATION_LABELS) return 'other';
    seen.add(name);
    return name;
  };
  return (e) => {
    if (e.type !== 'sso_auth') return;
    ops.signIns.inc({ application: label(e.application), result: e.success ? 'success' : 'failure', reason: e.reason ?? 'none' });
  };
}

/** The event service, counting every sso_auth event it records. */
export function countSignIns(events: EventService, count: SignInCounter): EventService {
  return {
    ...events,
    async record(e) {
      const recorded = await events.record(e);
      count(e);
      return recorded;
    },
  };
}
