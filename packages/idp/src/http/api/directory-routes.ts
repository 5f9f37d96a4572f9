import type { Router } from '@koa/router';
import type { CreateGroupInput, CreateUserInput, UpdateUserInput } from '../../services/directory-users.js';
import { Validator } from '../../services/validation.js';
import type { IdpDeps } from '../deps.js';
import { readPage } from './pagination.js';

function body<T>(ctx: { request: unknown }): T {
  return ((ctx.request as { body?: unknown }).body ?? {}) as T;
}

function page(query: Record<string, unknown>) {
  const v = new Validator({});
  const p = readPage(v, query);
  v.done();
  return p;
}

/** Users, groups and memberships. */
export function directoryRoutes(router: Router, { services }: IdpDeps): void {
  const d = services.directory;

  router.get('/users', async (ctx) => {
    ctx.body = await d.listUsers(page(ctx.query));
  });
  router.post('/users', async (ctx) => {
    ctx.status = 201;
    ctx.body = await d.createUser(body<CreateUserInput>(ctx));
  });
  router.get('/users/:id', async (ctx) => {
    ctx.body = await d.getUser(ctx.params.id as string);
  });
  router.patch('/users/:id', async (ctx) => {
    ctx.body = await d.updateUser(ctx.params.id as string, body<UpdateUserInput>(ctx));
  });
  router.delete('/users/:id', async (ctx) => {
    await d.deleteUser(ctx.params.id as string);
    ctx.status = 204;
  });
  router.put('/users/:id/password', async (ctx) => {
    await d.setPassword(ctx.params.id as string, body<{ password: string }>(ctx));
    ctx.status = 204;
  });

  router.get('/groups', async (ctx) => {
    ctx.body = await d.listGroups(page(ctx.query));
  });
  router.post('/groups', async (ctx) => {
    ctx.status = 201;
    ctx.body = await d.createGroup(body<CreateGroupInput>(ctx));
  });
  router.get('/groups/:id', async (ctx) => {
    ctx.body = await d.getGroup(ctx.params.id as string);
  });
  router.patch('/groups/:id', async (ctx) => {
    ctx.body = await d.updateGroup(ctx.params.id as string, body<Partial<CreateGroupInput>>(ctx));
  });
  router.get('/groups/:id/members', async (ctx) => {
    ctx.body = { items: await d.listGroupMembers(ctx.params.id as string) };
  });
  router.get('/groups/:id/applications', async (ctx) => {
    await d.getGroup(ctx.params.id as string);
    ctx.body = { applicationIds: await d.listGroupApplicationIds(ctx.params.id as string) };
  });
  router.put('/groups/:id/applications', async (ctx) => {
    const { applicationIds } = body<{ applicationIds?: unknown }>(ctx);
    ctx.body = { applicationIds: await d.setGroupApplications(ctx.params.id as string, applicationIds) };
  });
  router.post('/users/:id/suspend', async (ctx) => {
    ctx.body = await d.setUserStatus(ctx.params.id as string, 'suspended');
  });
  router.post('/users/:id/activate', async (ctx) => {
    ctx.body = await d.setUserStatus(ctx.params.id as string, 'active');
  });
  router.delete('/groups/:id', async (ctx) => {
    await d.deleteGroup(ctx.params.id as string);
    ctx.status = 204;
  });
  router.put('/groups/:id/members/:userId', async (ctx) => {
    await d.addMember(ctx.params.id as string, ctx.params.userId as string);
    ctx.status = 204;
  });
  router.delete('/groups/:id/members/:userId', async (ctx) => {
    await d.removeMember(ctx.params.id as string, ctx.params.userId as string);
    ctx.status = 204;
  });
}
