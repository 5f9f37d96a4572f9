// Health, readiness and Prometheus metrics, the same for both apps: `/healthz` (the process answers), `/readyz`
// (every readiness check passes: database writable, keys loaded, migrations applied), `/metrics` (Prometheus text
// format, optionally behind a bearer token). The middleware also times every request by route TEMPLATE
// (`/saml2/:app`, never the raw path: bounded label cardinality).
import type { Middleware, ParameterizedContext } from 'koa';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger } from './logger.js';
import { safeEqual } from './secrets.js';

export interface ReadinessCheck {
  name: string;
  /** Resolves when ready; throws (or times out) when not. */
  check(): Promise<void>;
}

export interface OperationsOptions {
  /** `idp` or `sp`: the `app` label of every series. */
  app: string;
  logger: Logger;
  /** Empty: /metrics is open. Else `Authorization: Bearer <token>` is required. */
  metricsToken: string;
  readiness: ReadinessCheck[];
  /** Milliseconds one readiness check may take. */
  checkTimeoutMs?: number;
  /** Requests that are SCIM (counted as served, by status). */
  isScimRequest?(ctx: ParameterizedContext): boolean;
}

export interface Operations {
  registry: Registry;
  /** Mount first: answers /healthz, /readyz, /metrics and times every other request. */
  middleware: Middleware;
  /** SAML sign-ins by application and result (`success` / `failure`) and reason (an error code). */
  signIns: Counter<'application' | 'result' | 'reason'>;
  /** SCIM requests this app sent (IdP), by HTTP status (`error` when no answer came). */
  scimSent: Counter<'status'>;
  /** Requests answered 503 with Retry-After (busy, or storage unavailable). */
  shed: Counter;
  /** A gauge whose value is read when /metrics is scraped. */
  gauge(name: string, help: string, read: () => Promise<number | undefined> | number | undefined): void;
  /**
   * A gauge with one label, read when /metrics is scraped: one series per label value `read` returns; a value it
   * no longer returns (or returns as undefined) has no series in that scrape.
   */
  labelledGauge(name: string, help: string, label: string, read: () => Promise<LabelledReadings> | LabelledReadings): void;
  /** Stops the default collectors' timers. */
  close(): void;
}

/** A labelled gauge's values at one scrape, by label value. */
export type LabelledReadings = Record<string, number | undefined>;

export const HEALTH_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

export function createOperations(o: OperationsOptions): Operations {
  const registry = new Registry();
  registry.setDefaultLabels({ app: o.app });
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'samlbridge_http_request_duration_seconds',
    help: 'HTTP request duration by route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const signIns = new Counter({
    name: 'samlbridge_saml_signins_total',
    help: 'SAML sign-ins by application, result and reason',
    labelNames: ['application', 'result', 'reason'] as const,
    registers: [registry],
  });
  const scimServed = new Counter({
    name: 'samlbridge_scim_requests_served_total',
    help: 'SCIM requests served, by HTTP status',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const scimSent = new Counter({
    name: 'samlbridge_scim_requests_sent_total',
    help: 'SCIM requests sent to applications, by HTTP status',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const shed = new Counter({
    name: 'samlbridge_unavailable_responses_total',
    help: 'Requests answered 503 with Retry-After (password-check queue full, or storage unavailable)',
    registers: [registry],
  });
  const timeoutMs = o.checkTimeoutMs ?? 2000;

  function gauge(name: string, help: string, read: () => Promise<number | undefined> | number | undefined): void {
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        try {
          const v = await read();
          if (v !== undefined) this.set(v);
        } catch (err) {
          o.logger.debug({ err, metric: name }, 'metric not collected');
        }
      },
    });
  }

  function labelledGauge(name: string, help: string, label: string, read: () => Promise<LabelledReadings> | LabelledReadings): void {
    new Gauge({
      name,
      help,
      labelNames: [label],
      registers: [registry],
      async collect() {
        this.reset();
        try {
          for (const [value, reading] of Object.entries(await read())) if (reading !== undefined) this.set({ [label]: value }, reading);
        } catch (err) {
          o.logger.debug({ err, metric: name }, 'metric not collected');
        }
      },
    });
  }

  async function readiness(ctx: ParameterizedContext): Promise<void> {
    const results = await Promise.all(
      o.readiness.map(async (c) => {
        try {
          await withTimeout(c.check(), timeoutMs);
          return [c.name, 'ok'] as const;
        } catch (err) {
          o.logger.debug({ err, check: c.name }, 'readiness check failed');
          return [c.name, 'failed'] as const;
        }
      }),
    );
    const ready = results.every(([, r]) => r === 'ok');
    ctx.status = ready ? 200 : 503;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { status: ready ? 'ready' : 'not_ready', checks: Object.fromEntries(results) };
  }

  async function metrics(ctx: ParameterizedContext): Promise<void> {
    if (o.metricsToken) {
      const auth = ctx.get('authorization');
      const sent = auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
      if (!sent || !safeEqual(sent, o.metricsToken)) {
        ctx.status = 401;
        ctx.set('WWW-Authenticate', 'Bearer realm="metrics"');
        ctx.body = { error: 'unauthorized', message: 'The metrics endpoint needs the bearer token set in the METRICS_TOKEN setting.' };
        return;
      }
    }
    ctx.set('Content-Type', registry.contentType);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await registry.metrics();
  }

  const middleware: Middleware = async (ctx, next) => {
    if (ctx.method === 'GET' && HEALTH_PATHS.has(ctx.path)) {
      if (ctx.path === '/healthz') {
        ctx.set('Cache-Control', 'no-store');
        ctx.body = { status: 'alive' };
        return;
      }
      return ctx.path === '/readyz' ? readiness(ctx) : metrics(ctx);
    }
    const end = duration.startTimer();
    try {
      await next();
    } finally {
      const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute;
      const scim = o.isScimRequest?.(ctx) ?? false;
      // Only templates and fixed names: a raw path would make one series per URL anyone cares to send.
      const route =
        typeof matched === 'string' ? matched : scim ? 'scim (no route)' : ctx.path.startsWith('/assets/') ? '/assets/*' : 'unmatched';
      const status = String(ctx.status);
      end({ method: ctx.method, route, status });
      if (scim) scimServed.inc({ status });
      if (ctx.status === 503 && ctx.response.get('Retry-After')) shed.inc();
    }
  };

  return {
    registry,
    middleware,
    signIns,
    scimSent,
    shed,
    gauge,
    labelledGauge,
    close() {
      registry.clear();
    },
  };
}
