import { randomUUID } from 'node:crypto';
import type { Clock } from '@samlbridge/web';
import type { EventFilter, EventType, IdpEvent, Page } from '../domain.js';
import { MFA_EVENT_TYPES } from '../mfa/events.js';
import { PROVISIONING_EVENT_TYPES } from '../provisioning/events.js';
import type { Store } from '../store/types.js';
import { INVITATION_EVENT_TYPES } from './invitation-events.js';

export type NewEvent = Omit<IdpEvent, 'id' | 'time' | 'userId' | 'username' | 'resource' | 'application' | 'reason' | 'detail'> &
  Partial<Pick<IdpEvent, 'userId' | 'username' | 'resource' | 'application' | 'reason' | 'detail'>>;

export interface EventService {
  record(event: NewEvent): Promise<IdpEvent>;
  list(filter: EventFilter): Promise<Page<IdpEvent>>;
}

export const MAX_EVENT_PAGE = 500;

/** Every `EventType` (domain.ts), for the OpenAPI enum and the Directory Insights filter. */
export const EVENT_TYPES = [
  'sso_auth',
  'sso_logout',
  'user_login_attempt',
  'admin_api',
  'admin_portal',
  'signing_key',
  ...PROVISIONING_EVENT_TYPES,
  ...MFA_EVENT_TYPES,
  ...INVITATION_EVENT_TYPES,
] as const satisfies readonly EventType[];

// Compile-time check that the list names every member of the union: adding an EventType without listing it fails tsc.
type Unlisted = Exclude<EventType, (typeof EVENT_TYPES)[number]>;
export const EVENT_TYPES_COMPLETE: [Unlisted] extends [never] ? true : Unlisted = true;

export function createEventService(store: Store, clock: Clock): EventService {
  return {
    async record(e) {
      const event: IdpEvent = {
        id: randomUUID(),
        time: clock.now(),
        userId: null,
        username: null,
        resource: null,
        application: null,
        reason: null,
        detail: {},
        ...e,
      };
      await store.events.insert(event);
      return event;
    },
    list(filter) {
      const limit = Math.min(Math.max(filter.limit ?? 50, 1), MAX_EVENT_PAGE);
      const offset = Math.max(filter.offset ?? 0, 0);
      return store.events.list({ ...filter, limit, offset });
    },
  };
}
