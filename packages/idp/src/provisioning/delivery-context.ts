// What delivering one outbox row needs: the application, its integration, a SCIM client with the
// decrypted token, and helpers that record the outcome on the link and as a Directory Insights event.
import type { Clock, Logger } from '@samlbridge/web';
import type { Application } from '../domain.js';
import type { EventService } from '../services/events.js';
import type { IdmIntegration, LinkKind, ProvisioningLink } from '../store/provisioning-types.js';
import type { Store } from '../store/types.js';
import { PROVISIONING_INITIATOR, type ProvisioningEventType, recordProvisioningEvent } from './events.js';
import { type Pacer, ProvisioningPaused } from './pacer.js';
import { createScimClient, type ScimClient, ScimRequestError } from './scim-client.js';
import type { SecretBox } from './secret-box.js';

export interface DeliveryDeps {
  store: Store;
  clock: Clock;
  box: SecretBox;
  events: EventService;
  logger: Logger;
  timeoutMs: number;
  /** Most members one group request (POST or PATCH) carries (IDP_PROVISIONING_GROUP_MEMBERS_PER_REQUEST). */
  membersPerRequest: number;
}

export interface Target {
  app: Application;
  integration: IdmIntegration;
  client: ScimClient;
}

/** Row outcome: done, or "not yet" (e.g. a group waits for its members) without counting an attempt. */
export type Delivery = { kind: 'done'; note?: string } | { kind: 'wait'; ms: number; reason: string };

export const DONE: Delivery = { kind: 'done' };

export function targetResolver(deps: DeliveryDeps, pacer?: Pacer) {
  const cache = new Map<string, { stamp: number; target: Target }>();
  return async function target(applicationId: string): Promise<Target | undefined> {
    const integration = await deps.store.idmIntegrations.get(applicationId);
    if (!integration?.active) return undefined;
    const cached = cache.get(applicationId);
    if (cached && cached.stamp === integration.updatedAt.getTime()) return cached.target;
    const app = await deps.store.applications.get(applicationId);
    if (!app) return undefined;
    const client = createScimClient({
      baseUrl: integration.baseUrl,
      token: deps.box.open(integration.tokenCiphertext),
      timeoutMs: deps.timeoutMs,
      now: () => deps.clock.now(),
      pacer: pacer?.forIntegration(applicationId),
    });
    const target = { app, integration, client };
    cache.set(applicationId, { stamp: integration.updatedAt.getTime(), target });
    return target;
  };
}

export function emptyLink(applicationId: string, kind: LinkKind, localId: string, remoteName: string): ProvisioningLink {
  return {
    applicationId,
    kind,
    localId,
    remoteId: null,
    remoteName,
    state: 'active',
    remoteMembers: [],
    lastAction: null,
    lastSuccess: null,
    lastStatus: null,
    lastError: null,
    lastAttemptAt: null,
  };
}

export interface Outcome {
  type: ProvisioningEventType;
  link: ProvisioningLink;
  success: boolean;
  status?: number;
  error?: string;
  reason?: string | null;
  detail?: Record<string, unknown>;
  /** For user events. */
  user?: { id: string; username: string };
}

/** Records one SCIM request's outcome on the link (per-object sync status) and as an event. */
export async function recordOutcome(deps: DeliveryDeps, target: Target, o: Outcome): Promise<void> {
  const link: ProvisioningLink = {
    ...o.link,
    lastAction: o.type,
    lastSuccess: o.success,
    lastStatus: o.status ?? null,
    lastError: o.success ? null : (o.error ?? 'failed'),
    lastAttemptAt: deps.clock.now(),
  };
  // Event first, then the link: a crash between the two leaves no link, so the retry looks the
  // user up (and records the lookup) instead of silently converging without any event.
  await recordOutcomeEvent(deps, target, { ...o, link });
  await deps.store.provisioningLinks.put(link);
}

/** The Directory Insights event of one SCIM request, without touching the link (e.g. a lookup). */
export async function recordOutcomeEvent(deps: DeliveryDeps, target: Target, o: Outcome): Promise<void> {
  await recordProvisioningEvent(deps.events, {
    type: o.type,
    initiator: PROVISIONING_INITIATOR,
    userId: o.user?.id ?? null,
    username: o.user?.username ?? null,
    resource: `${o.link.kind}:${o.link.localId}`,
    application: target.app.name,
    success: o.success,
    reason: o.success ? null : (o.reason ?? 'scim_request_failed'),
    detail: { remoteId: o.link.remoteId, httpStatus: o.status ?? null, ...(o.error ? { error: o.error } : {}), ...(o.detail ?? {}) },
  });
}

/**
 * Records a failed request (then rethrows it for the worker's retry decision). "Slow down" (429, 503 with
 * Retry-After) and a paused integration are no failure of the change: no event, the worker re-queues the row.
 */
export async function failed(deps: DeliveryDeps, target: Target, err: unknown, o: Omit<Outcome, 'success'>): Promise<never> {
  if (isRateLimited(err)) throw err;
  const e = err instanceof ScimRequestError ? err : undefined;
  await recordOutcome(deps, target, {
    ...o,
    success: false,
    status: e?.httpStatus,
    error: e ? e.message : (err as Error)?.message,
    reason: e ? (e.scimType ?? (e.transient ? 'transient' : 'rejected')) : 'error',
    detail: { ...(o.detail ?? {}), transient: e?.transient ?? false },
  });
  throw err;
}

export const isNotFound = (err: unknown) => err instanceof ScimRequestError && err.httpStatus === 404;
export const isConflict = (err: unknown) => err instanceof ScimRequestError && err.httpStatus === 409;

/** The application asked us to wait (or the integration is paused): the row waits without counting an attempt. */
export const isRateLimited = (err: unknown) => err instanceof ProvisioningPaused || (err instanceof ScimRequestError && err.rateLimited);
