import type { Router } from '@koa/router';
import type { ResolvedApplication } from '../../domain.js';
import type { CreateApplicationInput, UpdateApplicationInput } from '../../services/directory-applications.js';
import { Validator } from '../../services/validation.js';
import type { IdpDeps } from '../deps.js';
import { readPage } from './pagination.js';

/** API view: the resolved IdP entity ID (and whether it is the default), not the stored override. */
function view({ idpEntityIdOverride, ...app }: ResolvedApplication & { groupIds?: string[] }) {
  return { ...app, idpEntityIdIsDefault: idpEntityIdOverride === null };
}

function body<T>(ctx: { request: unknown }): T {
  return ((ctx.request as { body?: unknown }).body ?? {}) as T;
}

/** Applications, their group bindings and the IdP certificate. */
export function applicationRoutes(router: Router, { services, signing }: IdpDeps): void {
  const d = services.directory;

  router.get('/applications', async (ctx) => {
    const v = new Validator({});
    const p = readPage(v, ctx.query);
    v.done();
    const result = await d.listApplications(p);
    ctx.body = { ...result, items: result.items.map(view) };
  });
  router.post('/applications', async (ctx) => {
    ctx.status = 201;
    ctx.body = view(await d.createApplication(body<CreateApplicationInput>(ctx)));
  });
  router.get('/applications/:id', async (ctx) => {
    ctx.body = view(await d.getApplication(ctx.params.id as string));
  });
  router.patch('/applications/:id', async (ctx) => {
    ctx.body = view(await d.updateApplication(ctx.params.id as string, body<UpdateApplicationInput>(ctx)));
  });
  router.delete('/applications/:id', async (ctx) => {
    await d.deleteApplication(ctx.params.id as string);
    ctx.status = 204;
  });
  router.put('/applications/:id/bindings/:groupId', async (ctx) => {
    await d.bindGroup(ctx.params.id as string, ctx.params.groupId as string);
    ctx.status = 204;
  });
  router.delete('/applications/:id/bindings/:groupId', async (ctx) => {
    await d.unbindGroup(ctx.params.id as string, ctx.params.groupId as string);
    ctx.status = 204;
  });
  router.get('/applications/:id/certificate', async (ctx) => {
    await d.getApplication(ctx.params.id as string);
    ctx.body = {
      pem: signing.certificatePem,
      sha1: signing.fingerprints.sha1,
      sha256: signing.fingerprints.sha256,
      notAfter: signing.notAfter.toISOString(),
    };
  });
}
