// Applications, the catalog, their group bindings and the IdP certificate.
import { type ApiRoute, route } from '@samlbridge/web';
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
import { BindingParams, ById, errors, PageQuery, page } from './schemas/common.js';

// The attribute schema lists each field's allowed values; which source takes a `value` (only "constant", and then
// it is required) is checked by the directory service, hence the narrowing casts of the request bodies below.

/** API view: the resolved IdP entity ID (and whether it is the default), not the stored override. */
function view<A extends ResolvedApplication>({ idpEntityIdOverride, ...app }: A) {
  return { ...app, idpEntityIdIsDefault: idpEntityIdOverride === null };
}

export function applicationRoutes({ services, keys, config }: IdpDeps): ApiRoute[] {
  const d = services.directory;
  const binding = { params: BindingParams };
  return [
    route('get', '/catalog', 'Application catalog (TalentLMS, Custom SAML App, Bookmark, …)', { query: CatalogQuery }).ok(
      Catalog,
      'Catalog entries',
      errors(400),
      async ({ query }) => ({ items: searchCatalog(query.q ?? '') }),
    ),
    route('get', '/applications', 'List applications', { query: PageQuery }).ok(
      page(Application),
      'Applications',
      errors(400),
      async ({ query }) => {
        const result = await d.listApplications(query);
        return { ...result, items: result.items.map(view) };
      },
    ),
    route('post', '/applications', 'Create from a catalog entry (the template may hold YOURDOMAIN/SUBDOMAIN placeholders)', {
      body: ApplicationInput,
    }).created(ApplicationDetail, 'Created', errors(400, 409), async ({ body }) =>
      view(await d.createApplication(body as CreateApplicationInput)),
    ),
    route('post', '/applications/delete', 'Delete several applications: `count` must equal the number of IDs (their bindings go too)', {
      body: DeleteApplicationsInput,
    }).ok(Deleted, 'Deleted', errors(400, 404), ({ body }) => d.deleteApplications(body)),
    route('get', '/applications/:id', 'One application with its groupIds', ById).ok(
      ApplicationDetail,
      'Application with groupIds',
      errors(404),
      async ({ params }) => view(await d.getApplication(params.id)),
    ),
    route(
      'patch',
      '/applications/:id',
      'Edit general info or SSO settings. The SSO IdP URL (name/ssoUrl) is immutable (409 sso_url_immutable); SSO settings with placeholders left get 400 placeholders_remain',
      { ...ById, body: ApplicationPatch },
    ).ok(ApplicationDetail, 'Updated', errors(400, 404, 409), async ({ params, body }) =>
      view(await d.updateApplication(params.id, body as UpdateApplicationInput)),
    ),
    route('delete', '/applications/:id', 'Delete an application (its bindings go too)', ById).noContent(
      'Deleted',
      errors(404),
      ({ params }) => d.deleteApplication(params.id),
    ),
    route('post', '/applications/:id/deactivate', 'Deactivate SSO / Bookmark (the application stays)', ById).ok(
      Application,
      'Deactivated',
      errors(404),
      async ({ params }) => view(await d.setApplicationActive(params.id, false)),
    ),
    route('post', '/applications/:id/activate', 'Activate again', ById).ok(Application, 'Active', errors(404), async ({ params }) =>
      view(await d.setApplicationActive(params.id, true)),
    ),
    route('put', '/applications/:id/bindings', 'Bind exactly these groups (the "User Groups" tab)', { ...ById, body: GroupIds }).ok(
      GroupIds,
      'Bound',
      errors(400, 404),
      async ({ params, body }) => ({ groupIds: await d.setApplicationGroups(params.id, body.groupIds) }),
    ),
    route('put', '/applications/:id/bindings/:groupId', 'Bind a group (its members may launch the application)', binding).noContent(
      'Bound',
      errors(404),
      ({ params }) => d.bindGroup(params.id, params.groupId),
    ),
    route('delete', '/applications/:id/bindings/:groupId', 'Unbind a group', binding).noContent('Unbound', errors(404), ({ params }) =>
      d.unbindGroup(params.id, params.groupId),
    ),
    route(
      'get',
      '/applications/:id/certificate',
      'IdP signing certificate, fingerprints and the values the TalentLMS SSO page needs',
      ById,
    ).ok(Certificate, 'IdP signing certificate', errors(404), async ({ params }) => {
      const app = await d.getApplication(params.id);
      const attribute = (source: string) => app.attributes.find((a) => a.source === source)?.name ?? null;
      const [signing, standby] = keys.published();
      if (!signing) throw new Error('no active signing key');
      return {
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
      };
    }),
  ];
}
