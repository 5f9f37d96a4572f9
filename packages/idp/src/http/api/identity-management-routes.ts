// Admin API of the Identity Management (SCIM) integration of an application, its per-user sync
// status, the manual import and the portal notifications (issue 4).
import type { Router } from '@koa/router';
import { SamlbridgeError } from '@samlbridge/protocol';
import type { Middleware, ParameterizedContext } from 'koa';
import { Validator } from '../../services/validation.js';
import type { IdpDeps } from '../deps.js';
import { readPage } from './pagination.js';

/** Every API call acts as the API key holder. */
export const API_INITIATOR = 'admin-api';

function body(ctx: { request: unknown }): Record<string, unknown> {
  const b = (ctx.request as { body?: unknown }).body;
  return b && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
}

function readImportQuery(query: Record<string, unknown>) {
  const v = new Validator({});
  const whole = (name: string, min: number, max: number, fallback: number) => {
    const raw = query[name];
    if (raw === undefined || raw === '') return fallback;
    const n = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(n >= min && n <= max)) v.problem(name, `must be a whole number from ${min} to ${max}`);
    return n;
  };
  const startIndex = whole('startIndex', 1, 1_000_000, 1);
  const count = whole('count', 1, 200, 50);
  const newOnly = query.newOnly;
  if (newOnly !== undefined && newOnly !== 'true' && newOnly !== 'false') v.problem('newOnly', 'must be true or false');
  v.done();
  return { startIndex, count, newOnly: newOnly === 'true' };
}

function readIds(input: Record<string, unknown>): string[] {
  const v = Validator.of(input);
  v.rejectUnknown(['ids']);
  const ids = input.ids;
  if (
    !Array.isArray(ids) ||
    ids.length === 0 ||
    ids.length > 10000 ||
    !ids.every((i) => typeof i === 'string' && i.length > 0 && i.length <= 256)
  ) {
    v.problem('ids', 'must be a list of 1 to 10000 SCIM user ids (from GET …/identity-management/import)');
  }
  v.done();
  return ids as string[];
}

/** `/api/applications/:id/identity-management…` and `/api/notifications`. `:id` is the application id or name. */
export function identityManagementRoutes(router: Router, { provisioning }: IdpDeps): void {
  const { idm, importer } = provisioning;
  const base = '/applications/:id/identity-management';
  const id = (ctx: ParameterizedContext) => String(ctx.params.id);

  const show: Middleware = async (ctx) => {
    ctx.body = await idm.get(id(ctx));
  };
  router.get(base, show);
  router.put(base, async (ctx) => {
    ctx.body = await idm.activate(id(ctx), body(ctx), API_INITIATOR);
  });
  router.patch(base, async (ctx) => {
    ctx.body = await idm.update(id(ctx), body(ctx), API_INITIATOR);
  });
  router.delete(base, async (ctx) => {
    await idm.remove(id(ctx), API_INITIATOR);
    ctx.status = 204;
  });
  router.post(`${base}/reauth`, async (ctx) => {
    ctx.body = await idm.reauth(id(ctx), body(ctx), API_INITIATOR);
  });
  router.post(`${base}/deactivate`, async (ctx) => {
    ctx.body = await idm.deactivate(id(ctx), API_INITIATOR);
  });
  router.get(`${base}/users`, async (ctx) => {
    const v = new Validator({});
    const p = readPage(v, ctx.query);
    v.done();
    const app = await idm.requireApp(id(ctx));
    ctx.body = await provisioning.userStatuses(app.id, p);
  });
  router.get(`${base}/users/:userId`, async (ctx) => {
    const app = await idm.requireApp(id(ctx));
    ctx.body = await provisioning.userStatus(app.id, String(ctx.params.userId));
  });
  router.post(`${base}/users/:userId/resync`, async (ctx) => {
    ctx.status = 202;
    ctx.body = await provisioning.resyncUser(id(ctx), String(ctx.params.userId));
  });
  router.get(`${base}/import`, async (ctx) => {
    const q = readImportQuery(ctx.query as Record<string, unknown>);
    const app = await idm.requireApp(id(ctx));
    ctx.body = await importer.list(app, q);
  });
  router.post(`${base}/import`, async (ctx) => {
    const ids = readIds(body(ctx));
    const app = await idm.requireApp(id(ctx));
    const result = await importer.importUsers(app, ids, API_INITIATOR);
    ctx.status = result.background ? 202 : 200;
    ctx.body = result;
  });

  router.get('/notifications', async (ctx) => {
    const v = new Validator({});
    const p = readPage(v, ctx.query);
    const unread = ctx.query.unread;
    if (unread !== undefined && unread !== 'true' && unread !== 'false') v.problem('unread', 'must be true or false');
    v.done();
    ctx.body = await provisioning.notifications({ ...p, unreadOnly: unread === 'true' });
  });
  router.post('/notifications/:nid/read', async (ctx) => {
    if (!(await provisioning.markNotificationRead(String(ctx.params.nid)))) {
      throw new SamlbridgeError('not_found', `There is no notification "${ctx.params.nid}"`, { status: 404 });
    }
    ctx.status = 204;
  });
}
