// OpenAPI paths and schemas of the Identity Management API (merged into openapi.ts).
type Schema = Record<string, unknown>;

const str = { type: 'string' };
const nullableStr = { type: ['string', 'null'] };
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema) => ({ content: { 'application/json': { schema } } });
const ok = (description: string, schema?: Schema) => ({ description, ...(schema ? json(schema) : {}) });
const errors = {
  400: ok('Validation failed, or the application refused the verification (the message says why and what to do)', ref('Error')),
  401: ok('Missing or invalid x-api-key', ref('Error')),
  404: ok('No such application, or no integration', ref('Error')),
  409: ok('The token can only change while the integration is deactivated; or the integration is not active', ref('Error')),
};
const id = (name: string) => ({ name, in: 'path', required: true, schema: str });
const paging = [
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
  { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
];
const app = [id('id')];
const base = '/applications/{id}/identity-management';

export function identityManagementPaths(): Schema {
  return {
    [base]: {
      get: {
        summary: 'Identity Management (SCIM) integration of an application (id or name); the token is never returned',
        parameters: app,
        responses: { 200: ok('Integration', ref('IdmIntegration')), ...errors },
      },
      put: {
        summary:
          'Configure and activate: verified first (GET /ServiceProviderConfig and GET /Users?count=1); then every bound user and group is provisioned. Event idm_integration_activate (idm_integration_reauth when it existed)',
        parameters: app,
        requestBody: json(ref('IdmSettings')),
        responses: { 200: ok('Active', ref('IdmIntegration')), ...errors },
      },
      patch: {
        summary: 'Update settings (idm_integration_update). The token only while deactivated (409 idm_deactivate_first)',
        parameters: app,
        requestBody: json(ref('IdmSettings')),
        responses: { 200: ok('Updated', ref('IdmIntegration')), ...errors },
      },
      delete: {
        summary: 'Delete the integration and its links (idm_integration_delete)',
        parameters: app,
        responses: { 204: { description: 'Deleted' }, ...errors },
      },
    },
    [`${base}/reauth`]: {
      post: {
        summary: 'Verify the stored token (or, while deactivated, a new one) and reactivate (idm_integration_reauth)',
        parameters: app,
        requestBody: json({ type: 'object', properties: { token: str } }),
        responses: { 200: ok('Active', ref('IdmIntegration')), ...errors },
      },
    },
    [`${base}/deactivate`]: {
      post: {
        summary: 'Deactivate the IdM connection: nothing more is sent (idm_integration_delete)',
        parameters: app,
        responses: { 200: ok('Deactivated', ref('IdmIntegration')), ...errors },
      },
    },
    [`${base}/users`]: {
      get: {
        summary: 'Per-user sync status: provisioning state, queued changes, the last request and its outcome',
        parameters: [...app, ...paging],
        responses: {
          200: ok('Statuses', {
            type: 'object',
            properties: {
              items: { type: 'array', items: ref('UserSyncStatus') },
              total: { type: 'integer' },
              limit: { type: 'integer' },
              offset: { type: 'integer' },
            },
          }),
          ...errors,
        },
      },
    },
    [`${base}/users/{userId}`]: {
      get: {
        summary: 'Sync status of one user',
        parameters: [...app, id('userId')],
        responses: { 200: ok('Status', ref('UserSyncStatus')), ...errors },
      },
    },
    [`${base}/users/{userId}/resync`]: {
      post: {
        summary:
          'Resync one user: queues the user’s full state again (lookup or create, then every mapped attribute; a user no longer bound but still linked is deactivated again) — e.g. after a permanent failure was fixed at the application',
        parameters: [...app, id('userId')],
        responses: {
          202: ok('Queued; the status shows the change waiting', {
            allOf: [ref('UserSyncStatus'), { type: 'object', properties: { queued: { enum: ['user.upsert', 'user.deactivate'] } } }],
          }),
          ...errors,
        },
      },
    },
    [`${base}/import`]: {
      get: {
        summary: 'Manual import: the application’s users (paged SCIM GET) with status new or imported',
        parameters: [
          ...app,
          { name: 'newOnly', in: 'query', schema: { type: 'boolean', default: false } },
          { name: 'startIndex', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
          { name: 'count', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
        ],
        responses: {
          200: ok('Users of the application', {
            type: 'object',
            properties: { items: { type: 'array', items: ref('RemoteUser') }, totalResults: { type: 'integer' } },
          }),
          ...errors,
        },
      },
      post: {
        summary:
          'Import the selected users into the directory: up to 100 → 200 with results; more → 202, runs in the background, then a notification and a user_import event',
        parameters: app,
        requestBody: json({
          type: 'object',
          required: ['ids'],
          properties: { ids: { type: 'array', items: str, minItems: 1, maxItems: 10000 } },
        }),
        responses: {
          200: ok('Results', {
            type: 'object',
            properties: { background: { const: false }, results: { type: 'array', items: ref('ImportResult') } },
          }),
          202: ok('Started', { type: 'object', properties: { background: { const: true }, jobId: str, count: { type: 'integer' } } }),
          ...errors,
        },
      },
    },
    '/notifications': {
      get: {
        summary: 'Portal notifications (e.g. background import finished), newest first',
        parameters: [...paging, { name: 'unread', in: 'query', schema: { type: 'boolean' } }],
        responses: {
          200: ok('Notifications', {
            type: 'object',
            properties: { items: { type: 'array', items: ref('Notification') }, total: { type: 'integer' } },
          }),
          ...errors,
        },
      },
    },
    '/notifications/{nid}/read': {
      post: { summary: 'Mark a notification read', parameters: [id('nid')], responses: { 204: { description: 'Done' }, ...errors } },
    },
  };
}

export const identityManagementSchemas: Schema = {
  IdmSettings: {
    type: 'object',
    properties: {
      baseUrl: { type: 'string', format: 'uri', description: 'https://{yourdomain}.talentlms.com/api/scim2' },
      token: { type: 'string', description: 'Token Key (write-only; stored AES-256-GCM encrypted)' },
      deleteOnIdpDelete: { type: 'boolean', description: 'Delete users in the application when deleted in the IdP (default: deactivate)' },
      importSchedule: { enum: ['manual', 'hourly'] },
    },
  },
  IdmIntegration: {
    type: 'object',
    required: ['applicationId', 'configured', 'active'],
    properties: {
      applicationId: str,
      application: str,
      configured: { type: 'boolean' },
      active: { type: 'boolean' },
      baseUrl: nullableStr,
      tokenSet: { type: 'boolean' },
      deleteOnIdpDelete: { type: 'boolean' },
      importSchedule: { enum: ['manual', 'hourly'] },
      lastImportAt: nullableStr,
      verifiedAt: nullableStr,
      outbox: { type: 'object', properties: { pending: { type: 'integer' }, failed: { type: 'integer' }, done: { type: 'integer' } } },
    },
  },
  UserSyncStatus: {
    type: 'object',
    properties: {
      userId: str,
      username: str,
      remoteId: nullableStr,
      state: { enum: ['pending', 'active', 'deactivated', 'failed', 'not_provisioned'] },
      pendingChanges: { type: 'integer' },
      lastAction: nullableStr,
      lastSuccess: { type: ['boolean', 'null'] },
      lastStatus: { type: ['integer', 'null'] },
      lastError: nullableStr,
      lastAttemptAt: nullableStr,
    },
  },
  RemoteUser: {
    type: 'object',
    properties: {
      remoteId: str,
      userName: str,
      email: nullableStr,
      firstName: str,
      lastName: str,
      active: { type: 'boolean' },
      status: { enum: ['new', 'imported'] },
      localUserId: nullableStr,
    },
  },
  ImportResult: {
    type: 'object',
    properties: {
      remoteId: str,
      userName: nullableStr,
      outcome: { enum: ['imported', 'already_imported', 'failed'] },
      userId: str,
      error: str,
    },
  },
  Notification: {
    type: 'object',
    properties: {
      id: str,
      time: { type: 'string', format: 'date-time' },
      applicationId: nullableStr,
      kind: str,
      message: str,
      read: { type: 'boolean' },
    },
  },
};
