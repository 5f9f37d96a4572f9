// The pause an application asked for (429 / 503 with Retry-After, RFC 9110 §10.2.3 and RFC 6585 §4; its request
// quota used; or no answer), read from the store so that the portal shows a pause set by any instance.
import type { Clock } from '@samlbridge/web';
import type { PauseReason } from '../store/provisioning-pauses.js';
import type { Store } from '../store/types.js';

export interface PauseStatus {
  until: Date;
  reason: PauseReason;
}

/** The pause in force for this application now, or undefined. */
export async function pauseStatus(
  store: Pick<Store, 'provisioningPauses'>,
  clock: Clock,
  applicationId: string,
): Promise<PauseStatus | undefined> {
  const now = clock.now().getTime();
  const [p] = await store.provisioningPauses.list([applicationId]);
  return p && p.pausedUntil.getTime() > now ? { until: p.pausedUntil, reason: p.reason } : undefined;
}
