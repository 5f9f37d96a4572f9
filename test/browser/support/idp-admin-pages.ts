// The IdP admin portal's pages the Chromium suites walk: the catalog, every tab of one application, the first
// user and group, Directory Insights.
import type { Idp } from '@samlbridge/idp';

/** The paths (below the IdP's base URL) for the application `appId`, the first user and the first group. */
export async function idpAdminPortalPaths(idp: Idp, appId: string): Promise<string[]> {
  const [user] = (await idp.services.directory.listUsers({ limit: 1, offset: 0 })).items;
  const [group] = (await idp.services.directory.listGroups({ limit: 1, offset: 0 })).items;
  return [
    '/admin/applications/new?q=talent',
    '/admin/applications/new/talentlms',
    `/admin/applications/${appId}`,
    `/admin/applications/${appId}/sso`,
    `/admin/applications/${appId}/groups`,
    `/admin/applications/${appId}/identity-management`,
    '/admin/users',
    `/admin/users/${user?.id}`,
    '/admin/groups',
    `/admin/groups/${group?.id}`,
    '/admin/insights',
  ];
}
