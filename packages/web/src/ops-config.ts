// The operations settings both apps read (IDP_* / SP_*): shutdown grace, retention, metrics access, load shedding.
import { parsers, type Setting } from './config.js';
import { DEFAULT_PASSWORD_HASH_COST, PASSWORD_HASH_COST_RANGE } from './secrets.js';

export interface OperationsConfig {
  shutdownGraceSeconds: number;
  eventsRetentionDays: number;
  metricsToken: string;
  passwordConcurrency: number;
  passwordHashCost: number;
  passwordQueueLimit: number;
  preAuthTtlSeconds: number;
  pendingSignInsPerIp: number;
  rejectionWindowSeconds: number;
}

function atMost(limit: number, unit: string, parse: (raw: string) => number = parsers.positiveInt) {
  return (raw: string) => {
    const n = parse(raw);
    if (n > limit) throw new Error(`"${raw}" is more than ${limit} ${unit}`);
    return n;
  };
}

/** The settings, prefixed `IDP` or `SP`, for an app's config spec. */
export function operationsSettings(prefix: 'IDP' | 'SP'): { [K in keyof OperationsConfig]: Setting<OperationsConfig[K]> } {
  const who = prefix === 'IDP' ? 'IdP' : 'SP';
  return {
    shutdownGraceSeconds: {
      env: `${prefix}_SHUTDOWN_GRACE_SECONDS`,
      default: 10,
      parse: atMost(600, 'seconds', parsers.nonNegativeInt),
      doc: 'On SIGTERM/SIGINT: stop accepting, let requests in flight finish for up to this long, then close what is left and exit',
    },
    eventsRetentionDays: {
      env: `${prefix}_EVENTS_RETENTION_DAYS`,
      default: 90,
      parse: atMost(36_500, 'days'),
      doc: `Days the ${who} keeps its events (sign-ins, audit); older rows are deleted in small batches by the periodic sweep`,
    },
    metricsToken: {
      env: `${prefix}_METRICS_TOKEN`,
      default: '',
      parse: parsers.string,
      doc: '`/metrics` (Prometheus text format) needs `Authorization: Bearer <this>`; empty = open to anyone who can reach the port',
      secret: true,
    },
    passwordConcurrency: {
      env: `${prefix}_PASSWORD_CONCURRENCY`,
      default: 4,
      parse: atMost(64, 'checks'),
      doc: 'Password checks (scrypt) run at once by one instance; more wait in the queue',
    },
    passwordHashCost: {
      env: `${prefix}_PASSWORD_HASH_COST`,
      default: DEFAULT_PASSWORD_HASH_COST,
      parse: (raw) => {
        const n = parsers.positiveInt(raw);
        const { min, max } = PASSWORD_HASH_COST_RANGE;
        if (n < min || n > max) throw new Error(`"${raw}" is not between ${min} and ${max}`);
        return n;
      },
      doc: `scrypt cost of new password hashes, as log2 N (15: 32 MiB and ~0.1 s of CPU a hash; each step up doubles both, ${PASSWORD_HASH_COST_RANGE.max} at most). Stored hashes keep the cost they were made with. Lower it only where the passwords guard nothing (test runs, a throwaway demo)`,
    },
    passwordQueueLimit: {
      env: `${prefix}_PASSWORD_QUEUE_LIMIT`,
      default: 16,
      parse: atMost(10_000, 'checks', parsers.nonNegativeInt),
      doc: 'Password checks allowed to wait; past it a sign-in is answered at once with 503 "busy, try again" and `Retry-After` instead of waiting',
    },
    preAuthTtlSeconds: {
      env: `${prefix}_PRE_AUTH_TTL_SECONDS`,
      default: 600,
      parse: atMost(86_400, 'seconds'),
      doc: 'Lifetime of a session that holds no sign-in yet (a form token, a pending redirect); a sign-in extends it to the session lifetime',
    },
    pendingSignInsPerIp: {
      env: `${prefix}_PENDING_SIGNINS_PER_IP`,
      default: 300,
      parse: atMost(1_000_000, 'sign-ins'),
      doc: 'Pending sign-ins (SSO requests waiting for the login form) one client address may start per 15 minutes; past it → 429',
    },
    rejectionWindowSeconds: {
      env: `${prefix}_REJECTION_WINDOW_SECONDS`,
      default: 60,
      parse: atMost(3_600, 'seconds', parsers.nonNegativeInt),
      doc: 'Rejected SAML messages from one address for one reason within this window: the first 5 get a row each, all later ones share one row whose `count` grows. 0 = a row for every rejection',
    },
  };
}
