// Admin API of the Identity Management (SCIM) integration of an application, its per-user sync
// status, the manual import and the portal notifications. `:id` is the application id or name.

import { type ApiRoute, apiRoute, route } from '@samlbridge/web';
import { Type } from '@sinclair/typebox';
import { adminError } from '../../admin-errors.js';
import type { IdpDeps } from '../deps.js';
import { ById, error, errors, PageQuery, page } from './schemas/common.js';
import {
  IdmIntegration,
  IdmReauth,
  IdmSettings,
  ImportDone,
  ImportInput,
  ImportQuery,
  ImportStarted,
  Notification,
  NotificationParams,
  NotificationQuery,
  RemoteUsers,
  Resync,
  UserParams,
  UserSyncStatus,
} from './schemas/identity-management.js';

/** Every API call acts as the API key holder. */
export const API_INITIATOR = 'admin-api';

const base = '/applications/:id/identity-management';
const refused = error('Validation failed, or the application refused the verification (the message says why and what to do)');
const noIntegration = error('No such application, or no integration');
const deactivateFirst = error('The token can only change while the integration is deactivated (idm_deactivate_first)');
const inactive = error('The integration is not active (idm_inactive)');
/** Why a change that verifies the token was refused. */
const verificationErrors = { ...errors(), 400: refused, 404: noIntegration, 409: deactivateFirst };
const noIntegrationErrors = { ...errors(), 404: noIntegration };

export function identityManagementRoutes({ provisioning }: IdpDeps): ApiRoute[] {
  const { idm, importer } = provisioning;
  return [
    route('get', base, 'Identity Management (SCIM) integration of an application (id or name); the token is never returned', ById).ok(
      IdmIntegration,
      'Integration',
      noIntegrationErrors,
      ({ params }) => idm.get(params.id),
    ),
    route(
      'put',
      base,
      'Configure and activate: verified first (GET /ServiceProviderConfig and GET /Users?count=1); then every bound user and group is provisioned. Event idm_integration_activate (idm_integration_reauth when it existed)',
      { ...ById, body: IdmSettings },
    ).ok(IdmIntegration, 'Active', verificationErrors, ({ params, body }) => idm.activate(params.id, body, API_INITIATOR)),
    route('patch', base, 'Update settings (idm_integration_update). The token only while deactivated (409 idm_deactivate_first)', {
      ...ById,
      body: IdmSettings,
    }).ok(IdmIntegration, 'Updated', verificationErrors, ({ params, body }) => idm.update(params.id, body, API_INITIATOR)),
    route('delete', base, 'Delete the integration and its links (idm_integration_delete)', ById).noContent(
      'Deleted',
      noIntegrationErrors,
      ({ params }) => idm.remove(params.id, API_INITIATOR),
    ),
    route('post', `${base}/reauth`, 'Verify the stored token (or, while deactivated, a new one) and reactivate (idm_integration_reauth)', {
      ...ById,
      body: IdmReauth,
    }).ok(IdmIntegration, 'Active', verificationErrors, ({ params, body }) => idm.reauth(params.id, body, API_INITIATOR)),
    route('post', `${base}/deactivate`, 'Deactivate the IdM connection: nothing more is sent (idm_integration_delete)', ById).ok(
      IdmIntegration,
      'Deactivated',
      noIntegrationErrors,
      ({ params }) => idm.deactivate(params.id, API_INITIATOR),
    ),
    route('get', `${base}/users`, 'Per-user sync status: provisioning state, queued changes, the last request and its outcome', {
      ...ById,
      query: PageQuery,
    }).ok(page(UserSyncStatus), 'Statuses', { ...errors(400), 404: noIntegration }, async ({ params, query }) =>
      provisioning.userStatuses((await idm.requireApp(params.id)).id, query),
    ),
    route('get', `${base}/users/:userId`, 'Sync status of one user', { params: UserParams }).ok(
      UserSyncStatus,
      'Status',
      { ...errors(), 404: error('No such application or user') },
      async ({ params }) => provisioning.userStatus((await idm.requireApp(params.id)).id, params.userId),
    ),
    apiRoute({
      method: 'post',
      path: `${base}/users/:userId/resync`,
      summary:
        'Resync one user: queues the user’s full state again (lookup or create, then every mapped attribute; a user no longer bound but still linked is deactivated again) — e.g. after a permanent failure was fixed at the application',
      params: UserParams,
      responses: {
        202: { description: 'Queued', schema: Resync },
        ...errors(),
        404: error('No such application or user'),
        409: error('The integration is not active, or the user is neither assigned nor provisioned'),
      },
      handle: async ({ params }) => ({ status: 202, body: await provisioning.resyncUser(params.id, params.userId) }),
    }),
    route('get', `${base}/import`, 'Manual import: the application’s users (paged SCIM GET) with status new or imported', {
      ...ById,
      query: ImportQuery,
    }).ok(RemoteUsers, 'Users of the application', { ...errors(400), 404: noIntegration, 409: inactive }, async ({ params, query }) =>
      importer.list(await idm.requireApp(params.id), query),
    ),
    apiRoute({
      method: 'post',
      path: `${base}/import`,
      summary:
        'Import the selected users into the directory: up to 100 → 200 with results; more → 202, runs in the background, then a notification and a user_import event',
      ...ById,
      body: ImportInput,
      responses: {
        200: { description: 'Results', schema: ImportDone },
        202: { description: 'Started', schema: ImportStarted },
        ...errors(400),
        404: noIntegration,
        409: inactive,
      },
      handle: async ({ params, body }) => {
        const app = await idm.requireApp(params.id);
        const result = await importer.importUsers(app, body.ids, API_INITIATOR);
        return result.background ? { status: 202, body: result } : { status: 200, body: result };
      },
    }),
    route('get', '/notifications', 'Portal notifications (e.g. background import finished), newest first', {
      query: Type.Composite([PageQuery, NotificationQuery]),
    }).ok(page(Notification), 'Notifications', errors(400), ({ query }) =>
      provisioning.notifications({ limit: query.limit, offset: query.offset, unreadOnly: query.unread }),
    ),
    route('post', '/notifications/:nid/read', 'Mark a notification read', { params: NotificationParams }).noContent(
      'Done',
      errors(404),
      async ({ params }) => {
        if (!(await provisioning.markNotificationRead(params.nid))) {
          throw adminError('not_found', `There is no notification "${params.nid}"`);
        }
      },
    ),
  ];
}
