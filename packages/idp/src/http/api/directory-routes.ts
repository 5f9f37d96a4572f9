// Users, groups and memberships.
import { type ApiRoute, apiRoute } from '@samlbridge/web';
import type { IdpDeps } from '../deps.js';
import { ApplicationIds } from './schemas/bindings.js';
import { errors, IdParams, MemberParams, noContent, PageQuery, page } from './schemas/common.js';
import { Group, GroupDetail, GroupInput, GroupPatch } from './schemas/groups.js';
import { Members, PasswordInput, User, UserInput, UserPatch } from './schemas/users.js';

export function directoryRoutes({ services }: IdpDeps): ApiRoute[] {
  const d = services.directory;
  return [
    apiRoute({
      method: 'get',
      path: '/users',
      summary: 'List users',
      query: PageQuery,
      responses: { 200: { description: 'Users', schema: page(User) }, ...errors(400) },
      handle: async ({ query }) => ({ status: 200, body: await d.listUsers(query) }),
    }),
    apiRoute({
      method: 'post',
      path: '/users',
      summary: 'Create a user',
      body: UserInput,
      responses: { 201: { description: 'Created', schema: User }, ...errors(400, 409) },
      handle: async ({ body }) => ({ status: 201, body: await d.createUser(body) }),
    }),
    apiRoute({
      method: 'get',
      path: '/users/:id',
      summary: 'One user',
      params: IdParams,
      responses: { 200: { description: 'User', schema: User }, ...errors(404) },
      handle: async ({ params }) => ({ status: 200, body: await d.getUser(params.id) }),
    }),
    apiRoute({
      method: 'patch',
      path: '/users/:id',
      summary: 'Edit a user (the password has its own PUT)',
      params: IdParams,
      body: UserPatch,
      responses: { 200: { description: 'Updated', schema: User }, ...errors(400, 404, 409) },
      handle: async ({ params, body }) => ({ status: 200, body: await d.updateUser(params.id, body) }),
    }),
    apiRoute({
      method: 'delete',
      path: '/users/:id',
      summary: 'Delete a user',
      params: IdParams,
      responses: { 204: noContent('Deleted'), ...errors(404) },
      handle: async ({ params }) => {
        await d.deleteUser(params.id);
        return { status: 204 };
      },
    }),
    apiRoute({
      method: 'put',
      path: '/users/:id/password',
      summary: 'Set the password (pushed to provisioned applications)',
      params: IdParams,
      body: PasswordInput,
      responses: { 204: noContent('Password set'), ...errors(400, 404) },
      handle: async ({ params, body }) => {
        await d.setPassword(params.id, body);
        return { status: 204 };
      },
    }),
    apiRoute({
      method: 'post',
      path: '/users/:id/suspend',
      summary: 'Suspend (sign-in refused)',
      params: IdParams,
      responses: { 200: { description: 'Suspended', schema: User }, ...errors(404) },
      handle: async ({ params }) => ({ status: 200, body: await d.setUserStatus(params.id, 'suspended') }),
    }),
    apiRoute({
      method: 'post',
      path: '/users/:id/activate',
      summary: 'Activate again',
      params: IdParams,
      responses: { 200: { description: 'Active', schema: User }, ...errors(404) },
      handle: async ({ params }) => ({ status: 200, body: await d.setUserStatus(params.id, 'active') }),
    }),
    apiRoute({
      method: 'get',
      path: '/groups',
      summary: 'List groups',
      query: PageQuery,
      responses: { 200: { description: 'Groups', schema: page(Group) }, ...errors(400) },
      handle: async ({ query }) => ({ status: 200, body: await d.listGroups(query) }),
    }),
    apiRoute({
      method: 'post',
      path: '/groups',
      summary: 'Create a group (names are unique, case-insensitive)',
      body: GroupInput,
      responses: { 201: { description: 'Created', schema: Group }, ...errors(400, 409) },
      handle: async ({ body }) => ({ status: 201, body: await d.createGroup(body) }),
    }),
    apiRoute({
      method: 'get',
      path: '/groups/:id',
      summary: 'One group with its memberIds',
      params: IdParams,
      responses: { 200: { description: 'Group with memberIds', schema: GroupDetail }, ...errors(404) },
      handle: async ({ params }) => ({ status: 200, body: await d.getGroup(params.id) }),
    }),
    apiRoute({
      method: 'patch',
      path: '/groups/:id',
      summary: 'Rename / re-describe (names are unique, case-insensitive)',
      params: IdParams,
      body: GroupPatch,
      responses: { 200: { description: 'Updated', schema: Group }, ...errors(400, 404, 409) },
      handle: async ({ params, body }) => ({ status: 200, body: await d.updateGroup(params.id, body) }),
    }),
    apiRoute({
      method: 'delete',
      path: '/groups/:id',
      summary: 'Delete a group (its bindings and memberships go too)',
      params: IdParams,
      responses: { 204: noContent('Deleted'), ...errors(404) },
      handle: async ({ params }) => {
        await d.deleteGroup(params.id);
        return { status: 204 };
      },
    }),
    apiRoute({
      method: 'get',
      path: '/groups/:id/members',
      summary: 'Members of a group, by username',
      params: IdParams,
      responses: { 200: { description: 'Members', schema: Members }, ...errors(404) },
      handle: async ({ params }) => ({ status: 200, body: { items: await d.listGroupMembers(params.id) } }),
    }),
    apiRoute({
      method: 'put',
      path: '/groups/:id/members/:userId',
      summary: 'Add a member (idempotent)',
      params: MemberParams,
      responses: { 204: noContent('Member'), ...errors(404) },
      handle: async ({ params }) => {
        await d.addMember(params.id, params.userId);
        return { status: 204 };
      },
    }),
    apiRoute({
      method: 'delete',
      path: '/groups/:id/members/:userId',
      summary: 'Remove a member',
      params: MemberParams,
      responses: { 204: noContent('Removed'), ...errors(404) },
      handle: async ({ params }) => {
        await d.removeMember(params.id, params.userId);
        return { status: 204 };
      },
    }),
    apiRoute({
      method: 'get',
      path: '/groups/:id/applications',
      summary: 'Applications the group is bound to',
      params: IdParams,
      responses: { 200: { description: 'Bound', schema: ApplicationIds }, ...errors(404) },
      handle: async ({ params }) => {
        await d.getGroup(params.id);
        return { status: 200, body: { applicationIds: await d.listGroupApplicationIds(params.id) } };
      },
    }),
    apiRoute({
      method: 'put',
      path: '/groups/:id/applications',
      summary: 'Bind exactly these applications (the group panel)',
      params: IdParams,
      body: ApplicationIds,
      responses: { 200: { description: 'Bound', schema: ApplicationIds }, ...errors(400, 404) },
      handle: async ({ params, body }) => ({
        status: 200,
        body: { applicationIds: await d.setGroupApplications(params.id, body.applicationIds) },
      }),
    }),
  ];
}
