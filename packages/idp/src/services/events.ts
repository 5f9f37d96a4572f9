import { randomUUID } from 'node:crypto';
import type { Clock } from '@samlbridge/web';
import type { EventFilter, IdpEvent, Page } from '../domain.js';
import type { Store } from '../store/types.js';

export type NewEvent = Omit<IdpEvent, 'id' | 'time' | 'userId' | 'username' | 'resource' | 'application' | 'reason' | 'detail'> &
  Partial<Pick<IdpEvent, 'userId' | 'username' | 'resource' | 'application' | 'reason' | 'detail'>>;

export interface EventService {
  record(event: NewEvent): Promise<IdpEvent>;
  list(filter: EventFilter): Promise<Page<IdpEvent>>;
}

export const MAX_EVENT_PAGE = 500;

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
