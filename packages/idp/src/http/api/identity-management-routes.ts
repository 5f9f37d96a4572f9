// Admin API of the Identity Management (SCIM) integration of an application, its per-user sync
// status, the manual import and the portal notifications. `:id` is the application id or name.

import { type ApiRoute, apiRoute } from '@samlbridge/web';
import { Type } from '@sinclair/typebox';
import { adminError } from '../../admin-errors.js';
import type { IdpDeps } from '../deps.js';
import { error, errors, IdParams, noContent, PageQuery, page } from './schemas/common.js';
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
/** The answers of a change that verifies the token: the integration, or why it was refused. */
const verifiedChange = (description: string) => ({
  200: { description, schema: IdmIntegration },
  ...errors(),
  400: refused,
  404: noIntegration,
  409: deactivateFirst,
});

export function identityManagementRoutes({ provisioning }: IdpDeps): ApiRoute[] {
  const { idm, importer } = provisioning;
  return [
    apiRoute({
      method: 'get',
      path: base,
      summary: 'Identity Management (SCIM) integration of an application (id or name); the token is never returned',
      params: IdParams,
      responses: { 200: { description: 'Integration', schema: IdmIntegration }, ...errors(), 404: noIntegration },
      handle: async ({ params }) => ({ status: 200, body: await idm.get(params.id) }),
    }),
    apiRoute({
      method: 'put',
      path: base,
      summary:
        'Configure and activate: verified first (GET /ServiceProviderConfig and GET /Users?count=1); then every bound user and group is provisioned. Event idm_integration_activate (idm_integration_reauth when it existed)',
      params: IdParams,
      body: IdmSettings,
      responses: verifiedChange('Active'),
      handle: async ({ params, body }) => ({ status: 200, body: await idm.activate(params.id, body, API_INITIATOR) }),
    }),
    apiRoute({
      method: 'patch',
      path: base,
      summary: 'Update settings (idm_integration_update). The token only while deactivated (409 idm_deactivate_first)',
      params: IdParams,
      body: IdmSettings,
      responses: verifiedChange('Updated'),
      handle: async ({ params, body }) => ({ status: 200, body: await idm.update(params.id, body, API_INITIATOR) }),
    }),
    apiRoute({
      method: 'delete',
      path: base,
      summary: 'Delete the integration and its links (idm_integration_delete)',
      params: IdParams,
      responses: { 204: noContent('Deleted'), ...errors(), 404: noIntegration },
      handle: async ({ params }) => {
        await idm.remove(params.id, API_INITIATOR);
        return { status: 204 };
      },
    }),
    apiRoute({
      method: 'post',
      path: `${base}/reauth`,
      summary: 'Verify the stored token (or, while deactivated, a new one) and reactivate (idm_integration_reauth)',
      params: IdParams,
      body: IdmReauth,
      responses: verifiedChange('Active'),
      handle: async ({ params, body }) => ({ status: 200, body: await idm.reauth(params.id, body, API_INITIATOR) }),
    }),
    apiRoute({
      method: 'post',
      path: `${base}/deactivate`,
      summary: 'Deactivate the IdM connection: nothing more is sent (idm_integration_delete)',
      params: IdParams,
      responses: { 200: { description: 'Deactivated', schema: IdmIntegration }, ...errors(), 404: noIntegration },
      handle: async ({ params }) => ({ status: 200, body: await idm.deactivate(params.id, API_INITIATOR) }),
    }),
    apiRoute({
      method: 'get',
      path: `${base}/users`,
      summary: 'Per-user sync status: provisioning state, queued changes, the last request and its outcome',
      params: IdParams,
      query: PageQuery,
      responses: { 200: { description: 'Statuses', schema: page(UserSyncStatus) }, ...errors(400), 404: noIntegration },
      handle: async ({ params, query }) => {
        const app = await idm.requireApp(params.id);
        return { status: 200, body: await provisioning.userStatuses(app.id, query) };
      },
    }),
    apiRoute({
      method: 'get',
      path: `${base}/users/:userId`,
      summary: 'Sync status of one user',
      params: UserParams,
      responses: { 200: { description: 'Status', schema: UserSyncStatus }, ...errors(), 404: error('No such application or user') },
      handle: async ({ params }) => {
        const app = await idm.requireApp(params.id);
        return { status: 200, body: await provisioning.userStatus(app.id, params.userId) };
      },
    }),
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
    apiRoute({
      method: 'get',
      path: `${base}/import`,
      summary: 'Manual import: the application’s users (paged SCIM GET) with status new or imported',
      params: IdParams,
      query: ImportQuery,
      responses: {
        200: { description: 'Users of the application', schema: RemoteUsers },
        ...errors(400),
        404: noIntegration,
        409: inactive,
      },
      handle: async ({ params, query }) => {
        const app = await idm.requireApp(params.id);
        return { status: 200, body: await importer.list(app, query) };
      },
    }),
    apiRoute({
      method: 'post',
      path: `${base}/import`,
      summary:
        'Import the selected users into the directory: up to 100 → 200 with results; more → 202, runs in the background, then a notification and a user_import event',
      params: IdParams,
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
    apiRoute({
      method: 'get',
      path: '/notifications',
      summary: 'Portal notifications (e.g. background import finished), newest first',
      query: Type.Composite([PageQuery, NotificationQuery]),
      responses: { 200: { description: 'Notifications', schema: page(Notification) }, ...errors(400) },
      handle: async ({ query }) => ({
        status: 200,
        body: await provisioning.notifications({ limit: query.limit, offset: query.offset, unreadOnly: query.unread }),
      }),
    }),
    apiRoute({
      method: 'post',
      path: '/notifications/:nid/read',
      summary: 'Mark a notification read',
      params: NotificationParams,
      responses: { 204: noContent(), ...errors(404) },
      handle: async ({ params }) => {
        if (!(await provisioning.markNotificationRead(params.nid))) {
          throw adminError('not_found', `There is no notification "${params.nid}"`);
        }
        return { status: 204 };
      },
    }),
  ];
}
