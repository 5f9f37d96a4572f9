// Rejected SAML Responses at the ACS are recorded as ONE sso_login audit event per client address and reason per
// window (SP_REJECTION_WINDOW_SECONDS); its detail starts with `count=N`: a flood of bad input cannot write a row
// (nor a log line) per message (web's rejection-aggregator.ts).
import { createRejectionAggregator, type RejectionWindow } from '@samlbridge/web';
import type { SignInCounter } from './operations.js';
import type { Store } from './store/types.js';

export interface RejectedResponse {
  tenant: string;
  reason: string;
  user?: string;
  detail?: string;
}

export interface SsoRejections {
  record(address: string, rejection: RejectedResponse): Promise<void>;
  stop(): Promise<void>;
}

const withCount = (count: number, detail: string | undefined) => `count=${count}${detail ? `; ${detail}` : ''}`;

export function ssoRejections(store: Store, window: RejectionWindow, countSignIn: SignInCounter): SsoRejections {
  const { clock, logger } = window;
  const aggregator = createRejectionAggregator<{ id: number; detail: string | undefined }>({
    ...window,
    updateCount: ({ id, detail }, count) => store.events.setDetail(id, withCount(count, detail)),
  });
  return {
    async record(address, r) {
      const key = { address, reason: r.reason, application: r.tenant };
      await aggregator.record(key, async () => {
        const detail = `ip=${address}${r.detail ? `; ${r.detail}` : ''}`;
        const id = await store.events.add({
          tenant: r.tenant,
          type: 'sso_login',
          time: clock.now(),
          success: false,
          reason: r.reason,
          user: r.user ?? null,
          detail: withCount(1, detail),
        });
        logger.info(
          { event: 'sso_login', tenant: r.tenant, success: false, reason: r.reason },
          'audit (later rejections like it are counted)',
        );
        return { id, detail };
      });
      countSignIn({ type: 'sso_login', success: false, reason: r.reason });
    },
    stop: () => aggregator.stop(),
  };
}
