// Applications, the catalog, their group bindings and the IdP certificate.
import { type ApiRoute, apiRoute } from '@samlbridge/web';
import type { ResolvedApplication } from '../../domain.js';
import { searchCatalog } from '../../services/catalog.js';
import type { CreateApplicationInput, UpdateApplicationInput } from '../../services/directory-applications.js';
import type { IdpDeps } from '../deps.js';
import {
  Application,
  ApplicationDetail,
  ApplicationInput,
  ApplicationPatch,
  Catalog,
  CatalogQuery,
  Certificate,
  DeleteApplicationsInput,
  Deleted,
} from './schemas/applications.js';
import { GroupIds } from './schemas/bindings.js';
import { BindingParams, errors, IdParams, noContent, PageQuery, page } from './schemas/common.js';

// The attribute schema lists each field's allowed values; which source takes a `value` (only "constant", and then
// it is required) is checked by the directory service, hence the narrowing casts of the request bodies below.

/** API view: the resolved IdP entity ID (and whether it is the default), not the stored override. */
function view<A extends ResolvedApplication>({ idpEntityIdOverride, ...app }: A) {
  return { ...app, idpEntityIdIsDefault: idpEntityIdOverride === null };
}

export function applicationRoutes({ services, keys, config }: IdpDeps): ApiRoute[] {
  const d = services.directory;
  return [
    apiRoute({
      method: 'get',
      path: '/catalog',
      summary: 'Application catalog (TalentLMS, Custom SAML App, Bookmark, …)',
      query: CatalogQuery,
      responses: { 200: { description: 'Catalog entries', schema: Catalog }, ...errors(400) },
      handle: async ({ query }) => ({ status: 200, body: { items: searchCatalog(query.q ?? '') } }),
    }),
    apiRoute({
      method: 'get',
      path: '/applications',
      summary: 'List applications',
      query: PageQuery,
      responses: { 200: { description: 'Applications', schema: page(Application) }, ...errors(400) },
      handle: async ({ query }) => {
        const result = await d.listApplications(query);
        return { status: 200, body: { ...result, items: result.items.map(view) } };
      },
    }),
    apiRoute({
      method: 'post',
      path: '/applications',
      summary: 'Create from a catalog entry (the template may hold YOURDOMAIN/SUBDOMAIN placeholders)',
      body: ApplicationInput,
      responses: { 201: { description: 'Created', schema: ApplicationDetail }, ...errors(400, 409) },
      handle: async ({ body }) => ({ status: 201, body: view(await d.createApplication(body as CreateApplicationInput)) }),
    }),
    apiRoute({
      method: 'post',
      path: '/applications/delete',
      summary: 'Delete several applications: `count` must equal the number of IDs (their bindings go too)',
      body: DeleteApplicationsInput,
      responses: { 200: { description: 'Deleted', schema: Deleted }, ...errors(400, 404) },
      handle: async ({ body }) => ({ status: 200, body: await d.deleteApplications(body) }),
    }),
    apiRoute({
      method: 'get',
      path: '/applications/:id',
      summary: 'One application with its groupIds',
      params: IdParams,
      responses: { 200: { description: 'Application with groupIds', schema: ApplicationDetail }, ...errors(404) },
      handle: async ({ params }) => ({ status: 200, body: view(await d.getApplication(params.id)) }),
    }),
    apiRoute({
      method: 'patch',
      path: '/applications/:id',
      summary:
        'Edit general info or SSO settings. The SSO IdP URL (name/ssoUrl) is immutable (409 sso_url_immutable); SSO settings with placeholders left get 400 placeholders_remain',
      params: IdParams,
      body: ApplicationPatch,
      responses: { 200: { description: 'Updated', schema: ApplicationDetail }, ...errors(400, 404, 409) },
      handle: async ({ params, body }) => ({
        status: 200,
        body: view(await d.updateApplication(params.id, body as UpdateApplicationInput)),
      }),
    }),
    apiRoute({
      method: 'delete',
      path: '/applications/:id',
      summary: 'Delete an application (its bindings go too)',
      params: IdParams,
      responses: { 204: noContent('Deleted'), ...errors(404) },
      handle: async ({ params }) => {
        await d.deleteApplication(params.id);
        return { status: 204 };
      },
    }),
    apiRoute({
      method: 'post',
      path: '/applications/:id/deactivate',
      summary: 'Deactivate SSO / Bookmark (the application stays)',
      params: IdParams,
      responses: { 200: { description: 'Deactivated', schema: Application }, ...errors(404) },
      handle: async ({ params }) => ({ status: 200, body: view(await d.setApplicationActive(params.id, false)) }),
    }),
    apiRoute({
      method: 'post',
      path: '/applications/:id/activate',
      summary: 'Activate again',
      params: IdParams,
      responses: { 200: { description: 'Active', schema: Application }, ...errors(404) },
      handle: async ({ params }) => ({ status: 200, body: view(await d.setApplicationActive(params.id, true)) }),
    }),
    apiRoute({
      method: 'put',
      path: '/applications/:id/bindings',
      summary: 'Bind exactly these groups (the "User Groups" tab)',
      params: IdParams,
      body: GroupIds,
      responses: { 200: { description: 'Bound', schema: GroupIds }, ...errors(400, 404) },
      handle: async ({ params, body }) => ({ status: 200, body: { groupIds: await d.setApplicationGroups(params.id, body.groupIds) } }),
    }),
    apiRoute({
      method: 'put',
      path: '/applications/:id/bindings/:groupId',
      summary: 'Bind a group (its members may launch the application)',
      params: BindingParams,
      responses: { 204: noContent('Bound'), ...errors(404) },
      handle: async ({ params }) => {
        await d.bindGroup(params.id, params.groupId);
        return { status: 204 };
      },
    }),
    apiRoute({
      method: 'delete',
      path: '/applications/:id/bindings/:groupId',
      summary: 'Unbind a group',
      params: BindingParams,
      responses: { 204: noContent('Unbound'), ...errors(404) },
      handle: async ({ params }) => {
        await d.unbindGroup(params.id, params.groupId);
        return { status: 204 };
      },
    }),
    apiRoute({
      method: 'get',
      path: '/applications/:id/certificate',
      summary: 'IdP signing certificate, fingerprints and the values the TalentLMS SSO page needs',
      params: IdParams,
      responses: { 200: { description: 'IdP signing certificate', schema: Certificate }, ...errors(404) },
      handle: async ({ params }) => {
        const app = await d.getApplication(params.id);
        const attribute = (source: string) => app.attributes.find((a) => a.source === source)?.name ?? null;
        const [signing, standby] = keys.published();
        if (!signing) throw new Error('no active signing key');
        return {
          status: 200,
          body: {
            pem: signing.certificatePem,
            sha1: signing.fingerprints.sha1,
            sha256: signing.fingerprints.sha256,
            notAfter: signing.notAfter.toISOString(),
            standby: standby
              ? {
                  state: standby.state as 'next' | 'previous',
                  sha1: standby.fingerprints.sha1,
                  sha256: standby.fingerprints.sha256,
                  notAfter: standby.notAfter.toISOString(),
                }
              : null,
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
          },
        };
      },
    }),
  ];
}
