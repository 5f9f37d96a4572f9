// Users, groups and memberships.
import { type ApiRoute, route } from '@samlbridge/web';
import type { IdpDeps } from '../deps.js';
import { ApplicationIds } from './schemas/bindings.js';
import { ById, errors, MemberParams, PageQuery, page } from './schemas/common.js';
import { Group, GroupDetail, GroupInput, GroupPatch } from './schemas/groups.js';
import { Members, PasswordInput, User, UserInput, UserPatch } from './schemas/users.js';

export function directoryRoutes({ services }: IdpDeps): ApiRoute[] {
  const d = services.directory;
  const member = { params: MemberParams };
  return [
    route('get', '/users', 'List users', { query: PageQuery }).ok(page(User), 'Users', errors(400), ({ query }) => d.listUsers(query)),
    route('post', '/users', 'Create a user', { body: UserInput }).created(User, 'Created', errors(400, 409), ({ body }) =>
      d.createUser(body),
    ),
    route('get', '/users/:id', 'One user', ById).ok(User, 'User', errors(404), ({ params }) => d.getUser(params.id)),
    route('patch', '/users/:id', 'Edit a user (the password has its own PUT)', { ...ById, body: UserPatch }).ok(
      User,
      'Updated',
      errors(400, 404, 409),
      ({ params, body }) => d.updateUser(params.id, body),
    ),
    route('delete', '/users/:id', 'Delete a user', ById).noContent('Deleted', errors(404), ({ params }) => d.deleteUser(params.id)),
    route('put', '/users/:id/password', 'Set the password (pushed to provisioned applications)', {
      ...ById,
      body: PasswordInput,
    }).noContent('Password set', errors(400, 404), ({ params, body }) => d.setPassword(params.id, body)),
    route('post', '/users/:id/suspend', 'Suspend (sign-in refused)', ById).ok(User, 'Suspended', errors(404), ({ params }) =>
      d.setUserStatus(params.id, 'suspended'),
    ),
    route('post', '/users/:id/activate', 'Activate again', ById).ok(User, 'Active', errors(404), ({ params }) =>
      d.setUserStatus(params.id, 'active'),
    ),
    route('get', '/groups', 'List groups', { query: PageQuery }).ok(page(Group), 'Groups', errors(400), ({ query }) => d.listGroups(query)),
    route('post', '/groups', 'Create a group (names are unique, case-insensitive)', { body: GroupInput }).created(
      Group,
      'Created',
      errors(400, 409),
      ({ body }) => d.createGroup(body),
    ),
    route('get', '/groups/:id', 'One group with its memberIds', ById).ok(GroupDetail, 'Group with memberIds', errors(404), ({ params }) =>
      d.getGroup(params.id),
    ),
    route('patch', '/groups/:id', 'Rename / re-describe (names are unique, case-insensitive)', { ...ById, body: GroupPatch }).ok(
      Group,
      'Updated',
      errors(400, 404, 409),
      ({ params, body }) => d.updateGroup(params.id, body),
    ),
    route('delete', '/groups/:id', 'Delete a group (its bindings and memberships go too)', ById).noContent(
      'Deleted',
      errors(404),
      ({ params }) => d.deleteGroup(params.id),
    ),
    route('get', '/groups/:id/members', 'Members of a group, by username', ById).ok(
      Members,
      'Members',
      errors(404),
      async ({ params }) => ({
        items: await d.listGroupMembers(params.id),
      }),
    ),
    route('put', '/groups/:id/members/:userId', 'Add a member (idempotent)', member).noContent('Member', errors(404), ({ params }) =>
      d.addMember(params.id, params.userId),
    ),
    route('delete', '/groups/:id/members/:userId', 'Remove a member', member).noContent('Removed', errors(404), ({ params }) =>
      d.removeMember(params.id, params.userId),
    ),
    route('get', '/groups/:id/applications', 'Applications the group is bound to', ById).ok(
      ApplicationIds,
      'Bound',
      errors(404),
      async ({ params }) => {
        await d.getGroup(params.id);
        return { applicationIds: await d.listGroupApplicationIds(params.id) };
      },
    ),
    route('put', '/groups/:id/applications', 'Bind exactly these applications (the group panel)', { ...ById, body: ApplicationIds }).ok(
      ApplicationIds,
      'Bound',
      errors(400, 404),
      async ({ params, body }) => ({ applicationIds: await d.setGroupApplications(params.id, body.applicationIds) }),
    ),
  ];
}
