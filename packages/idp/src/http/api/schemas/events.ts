// Directory Insights: the audit event stream and its query.
import { dateTime, nullable, oneOf, withMessage } from '@samlbridge/web';
import { Type } from '@sinclair/typebox';
import { EVENT_TYPES } from '../../../services/events.js';
import { PageQuery } from './common.js';

const EVENT_TYPE = oneOf(EVENT_TYPES, { description: 'Directory Insights event type (domain.ts EventType)' });

export const Event = Type.Object({
  id: Type.String(),
  time: dateTime(),
  type: EVENT_TYPE,
  initiator: Type.String({ description: 'a username, admin-api, admin:<email> (portal), or anonymous' }),
  userId: nullable(Type.String()),
  username: nullable(Type.String()),
  resource: nullable(Type.String()),
  application: nullable(Type.String()),
  success: Type.Boolean(),
  reason: nullable(Type.String()),
  detail: Type.Record(Type.String(), Type.Unknown()),
});

const text = (description: string) =>
  Type.Optional(withMessage(Type.String({ maxLength: 256, description }), 'must be given once, at most 256 characters'));
const instant = (description: string) => Type.Optional(Type.String({ format: 'date-time', description }));

export const EventQuery = Type.Object({
  type: Type.Optional(EVENT_TYPE),
  event_type: Type.Optional(withMessage(EVENT_TYPE, `must be one of: ${EVENT_TYPES.join(', ')}`)),
  application: text('application name (slug)'),
  user: text('user ID or username'),
  success: Type.Optional(Type.Boolean()),
  from: instant('events at or after'),
  to: instant('events before'),
  export: Type.Optional(oneOf(['json'], { description: 'json: the same page as a JSON file download' })),
  ...PageQuery.properties,
});
