// Directory Insights event names of the article's "SCIM Directory Insights Events" section.
import type { EventType } from '../domain.js';
import type { EventService, NewEvent } from '../services/events.js';

export const PROVISIONING_EVENT_TYPES = [
  'idm_integration_activate',
  'idm_integration_update',
  'idm_integration_reauth',
  'idm_integration_delete',
  'user_create_provision',
  'user_update_provision',
  'user_deprovision',
  'user_delete_provision',
  'user_lookup_provision',
  'group_create_provision',
  'group_update_provision',
  'group_delete_provision',
  'user_import',
] as const;

export type ProvisioningEventType = (typeof PROVISIONING_EVENT_TYPES)[number];

/** Who acts when the worker sends a change (the admin's change only queued it). */
export const PROVISIONING_INITIATOR = 'system:provisioning';

export type ProvisioningEvent = Omit<NewEvent, 'type'> & { type: ProvisioningEventType };

export function recordProvisioningEvent(events: EventService, event: ProvisioningEvent): Promise<unknown> {
  return events.record({ ...event, type: event.type as EventType });
}
