// Identity Management (SCIM) integration of an application, per-user sync status, manual import, notifications.
// Reachability, token verification and the Base URL's credentials rule: the IdM service.
import { dateTime, nullable, oneOf, type Typed, withMessage } from '@samlbridge/web';
import { Type } from '@sinclair/typebox';

const SCHEDULE = oneOf(['manual', 'hourly']);

export const IdmSettings = Type.Object(
  {
    baseUrl: Type.Optional(Type.String({ maxLength: 2048, description: 'https://{yourdomain}.talentlms.com/api/scim2' })),
    token: Type.Optional(Type.String({ maxLength: 4096, writeOnly: true, description: 'Token Key (stored AES-256-GCM encrypted)' })),
    deleteOnIdpDelete: Type.Optional(
      Type.Boolean({ description: 'Delete users in the application when deleted in the IdP (default: deactivate)' }),
    ),
    importSchedule: Type.Optional(SCHEDULE),
  },
  { additionalProperties: false },
);

export const IdmReauth = Type.Object(
  { token: Type.Optional(Type.String({ maxLength: 4096, writeOnly: true, description: 'a new Token Key (only while deactivated)' })) },
  { additionalProperties: false },
);

export const IdmIntegration = Type.Object({
  applicationId: Type.String(),
  application: Type.String(),
  configured: Type.Boolean(),
  active: Type.Boolean(),
  baseUrl: nullable(Type.String()),
  tokenSet: Type.Boolean({ description: 'the token itself is never returned' }),
  deleteOnIdpDelete: Type.Boolean(),
  importSchedule: SCHEDULE,
  lastImportAt: nullable(Type.String({ format: 'date-time' })),
  verifiedAt: nullable(Type.String({ format: 'date-time' })),
  outbox: Type.Object({ pending: Type.Integer(), failed: Type.Integer(), done: Type.Integer() }),
});

const STATE = oneOf(['pending', 'active', 'deactivated', 'failed', 'not_provisioned']);

export const UserSyncStatus = Type.Object({
  userId: Type.String(),
  username: Type.String(),
  remoteId: nullable(Type.String()),
  state: STATE as Typed<string>,
  pendingChanges: Type.Integer(),
  lastAction: nullable(Type.String()),
  lastSuccess: nullable(Type.Boolean()),
  lastStatus: nullable(Type.Integer()),
  lastError: nullable(Type.String()),
  lastAttemptAt: nullable(Type.String({ format: 'date-time' })),
});

export const Resync = Type.Composite([UserSyncStatus, Type.Object({ queued: oneOf(['user.upsert', 'user.deactivate']) })]);

export const RemoteUser = Type.Object({
  remoteId: Type.String(),
  userName: Type.String(),
  email: nullable(Type.String()),
  firstName: Type.String(),
  lastName: Type.String(),
  active: Type.Boolean(),
  status: oneOf(['new', 'imported']),
  localUserId: nullable(Type.String()),
});

export const ImportQuery = Type.Object({
  newOnly: Type.Boolean({ default: false, description: 'only users not imported yet' }),
  startIndex: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
  count: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});

export const RemoteUsers = Type.Object({
  items: Type.Array(RemoteUser),
  totalResults: Type.Integer(),
  startIndex: Type.Integer(),
  count: Type.Integer(),
});

export const ImportInput = Type.Object(
  {
    ids: withMessage(
      Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { minItems: 1, maxItems: 10_000 }),
      'must be a list of 1 to 10000 SCIM user ids (from GET …/identity-management/import)',
    ),
  },
  { additionalProperties: false },
);

export const ImportResult = Type.Object({
  remoteId: Type.String(),
  userName: nullable(Type.String()),
  outcome: oneOf(['imported', 'already_imported', 'failed']),
  userId: Type.Optional(Type.String()),
  error: Type.Optional(Type.String()),
});

export const ImportDone = Type.Object({ background: Type.Literal(false), results: Type.Array(ImportResult) });
export const ImportStarted = Type.Object({ background: Type.Literal(true), jobId: Type.String(), count: Type.Integer() });

export const NotificationQuery = Type.Object({ unread: Type.Boolean({ default: false, description: 'unread only' }) });

export const Notification = Type.Object({
  id: Type.String(),
  time: dateTime(),
  applicationId: nullable(Type.String()),
  kind: Type.String(),
  message: Type.String(),
  read: Type.Boolean(),
});

export const UserParams = Type.Object({ id: Type.String({ minLength: 1 }), userId: Type.String({ minLength: 1 }) });
export const NotificationParams = Type.Object({ nid: Type.String({ minLength: 1 }) });
