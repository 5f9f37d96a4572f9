import type { Router } from '@koa/router';
import type { ResolvedApplication } from '../../domain.js';
import { searchCatalog } from '../../services/catalog.js';
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

/** Applications, the catalog, their group bindings and the IdP certificate. */
export function applicationRoutes(router: Router, { services, signing, config }: IdpDeps): void {
  const d = services.directory;

  router.get('/catalog', async (ctx) => {
    ctx.body = { items: searchCatalog(typeof ctx.query.q === 'string' ? ctx.query.q : '') };
  });
  router.post('/applications/delete', async (ctx) => {
    ctx.body = await d.deleteApplications(body<{ ids: unknown; count: unknown }>(ctx));
  });
  router.post('/applications/:id/deactivate', async (ctx) => {
    ctx.body = view(await d.setApplicationActive(ctx.params.id as string, false));
  });
  router.post('/applications/:id/activate', async (ctx) => {
    ctx.body = view(await d.setApplicationActive(ctx.params.id as string, true));
  });
  router.put('/applications/:id/bindings', async (ctx) => {
    const { groupIds } = body<{ groupIds?: unknown }>(ctx);
    ctx.body = { groupIds: await d.setApplicationGroups(ctx.params.id as string, groupIds) };
  });

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
    const app = await d.getApplication(ctx.params.id as string);
    const attribute = (source: string) => app.attributes.find((a) => a.source === source)?.name ?? null;
    ctx.body = {
      pem: signing.certificatePem,
      sha1: signing.fingerprints.sha1,
      sha256: signing.fingerprints.sha256,
      notAfter: signing.notAfter.toISOString(),
      // Exactly what TalentLMS's Single Sign-On (SSO) page asks for.
      talentlms: {
        identityProvider: app.idpEntityId,
        certificateFingerprint: signing.fingerprints.sha1,
        remoteSignInUrl: app.ssoUrl,
        remoteSignOutUrl: `${config.baseUrl}/userconsole/`,
        targetedId: attribute('username'),
        firstName: attribute('firstName'),
        lastName: attribute('lastName'),
        email: attribute('email'),
      },
    };
  });
}
