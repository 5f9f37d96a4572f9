// Rejected SSO messages (bad signatures, unknown applications, replays, …) are recorded as ONE sso_auth event per
// client address, reason and application per window (IDP_REJECTION_WINDOW_SECONDS), whose `detail.count` says how
// many there were: a flood of bad input cannot write a row per message (web's rejection-aggregator.ts).
import { createRejectionAggregator, type RejectionWindow } from '@samlbridge/web';
import type { IdpEvent } from './domain.js';
import type { SignInCounter } from './operations.js';
import type { EventService, NewEvent } from './services/events.js';
import type { Store } from './store/types.js';

export interface SsoRejections {
  /** Records one rejection from `address` (an sso_auth event with success false). */
  record(address: string, event: NewEvent, onWritten?: () => void): Promise<void>;
  /** Writes the open counts and stops the timer. */
  stop(): Promise<void>;
}

export function ssoRejections(events: EventService, store: Store, window: RejectionWindow, countSignIn: SignInCounter): SsoRejections {
  const aggregator = createRejectionAggregator<IdpEvent>({
    ...window,
    updateCount: (event, count) => store.events.setDetail(event.id, { ...event.detail, count }),
  });
  return {
    async record(address, event, onWritten) {
      const key = { address, reason: event.reason ?? 'unknown', application: event.application ?? '' };
      await aggregator.record(key, async () => {
        const written = await events.record({ ...event, detail: { ...event.detail, ip: address, count: 1 } });
        onWritten?.();
        return written;
      });
      // /metrics counts every rejection, folded into a row or not.
      countSignIn(event);
    },
    stop: () => aggregator.stop(),
  };
}
