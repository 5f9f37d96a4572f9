// /api/scim2/Users (RFC 7644 §3.3, §3.4, §3.5, §3.6). Users in the trash do not exist for SCIM (404, not listed).
import { hashPassword } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import type { SpDeps } from '../deps.js';
import { isSuperAdminLogin } from '../lms/sso-managed.js';
import type { FilterNode, UserAttr } from '../store/filter.js';
import type { LmsUser } from '../store/types.js';
import { ScimError, scimBad, scimNotFound } from './errors.js';
import { USER_FILTER_ATTRS } from './filter.js';
import { applyPatch, type PatchOptions, readPatchRequest } from './patch.js';
import { patchSchemaOf, shapesOf } from './patch-schema.js';
import { project, readProjection } from './projection.js';
import { body, type Paging, queryString, requireJsonBody, type ScimQuery, scimBase, send } from './respond.js';
import { SCHEMA, TALENTLMS_ATTRS, USER_ATTRS } from './schemas.js';
import { listEndpoint, readSearchRequest } from './search-request.js';
import { patchableUser, readScimUser, toScimUser, type UserInput, userLocation } from './user-resource.js';

declare module 'koa' {
  interface DefaultState {
    scimUser?: LmsUser;
    scimInput?: UserInput;
  }
}

export const USER_PATCH_OPTIONS: PatchOptions = patchSchemaOf(SCHEMA.user, USER_ATTRS, { [SCHEMA.talentlms]: shapesOf(TALENTLMS_ATTRS) }, [
  SCHEMA.enterpriseUser,
]);

/** One page of users as SCIM resources, projected as the query asks (GET /Users, POST /Users/.search, POST /.search). */
export function userPages({ store, services }: SpDeps) {
  return async function userPage(ctx: ParameterizedContext, query: ScimQuery, paging: Paging, filter?: FilterNode<UserAttr>) {
    const timezone = (await services.account.get(ctx.state.tenant.id)).timezone;
    const projection = readProjection(query, SCHEMA.user, [SCHEMA.talentlms]);
    const { total, users } = await store.users.search(ctx.state.tenant.id, { ...paging, ...(filter ? { filter } : {}) });
    return { total, resources: users.map((u) => project(toScimUser(u, scimBase(ctx), timezone), projection)) };
  };
}

export function usersEndpoints(deps: SpDeps) {
  const { store, services, clock, config } = deps;
  const userPage = userPages(deps);
  const accountTimezone = async (ctx: ParameterizedContext) => (await services.account.get(ctx.state.tenant.id)).timezone;
  const render = async (ctx: ParameterizedContext, u: LmsUser) => {
    const doc = toScimUser(u, scimBase(ctx), await accountTimezone(ctx));
    return project(doc, readProjection(ctx.query, SCHEMA.user, [SCHEMA.talentlms]));
  };

  const searchUsers = listEndpoint(USER_FILTER_ATTRS, userPage);

  const findUser: Middleware = async function findUser(ctx, next) {
    const id = String(ctx.params.id ?? '');
    const user = /^[1-9]\d{0,15}$/.test(id) ? await store.users.findById(ctx.state.tenant.id, Number(id)) : undefined;
    if (!user || user.deletedAt) throw scimNotFound(`User ${id.slice(0, 64)}`);
    ctx.state.scimUser = user;
    await next();
  };

  /** The Super Admin is the LMS's own account: SCIM may read it but not change or delete it. */
  const refuseSuperAdmin: Middleware = async function refuseSuperAdmin(ctx, next) {
    if (ctx.state.scimUser?.role === 'superadmin') {
      throw new ScimError(403, undefined, 'The Super Admin account is managed in the LMS, not by SCIM');
    }
    await next();
  };

  /** The Super Admin's login is reserved for that local account, even before it exists: no SCIM user may take it. */
  const refuseSuperAdminLogin: Middleware = async function refuseSuperAdminLogin(ctx, next) {
    const login = (ctx.state.scimInput as UserInput).fields.login;
    const current = ctx.state.scimUser;
    if (isSuperAdminLogin(login, config.adminUser) && !(current && isSuperAdminLogin(current.login, config.adminUser))) {
      throw new ScimError(409, 'uniqueness', "userName is not unique: it is reserved for the LMS's Super Admin");
    }
    await next();
  };

  const readUser: Middleware = async function readUser(ctx, next) {
    ctx.state.scimInput = readScimUser(body(ctx), ctx.state.scimUser);
    await next();
  };

  const patchUser: Middleware = async function patchUser(ctx, next) {
    const ops = readPatchRequest(body(ctx));
    const current = ctx.state.scimUser as LmsUser;
    const patched = applyPatch(patchableUser(current), ops, USER_PATCH_OPTIONS);
    ctx.state.scimInput = readScimUser(patched, current);
    await next();
  };

  const passwordHash = async (input: UserInput) =>
    input.password === undefined ? undefined : await hashPassword(input.password, config.passwordHashCost);

  const createUser: Middleware = async function createUser(ctx) {
    const input = ctx.state.scimInput as UserInput;
    const hash = await passwordHash(input);
    const user = await store.users.create(
      {
        tenant: ctx.state.tenant.id,
        ...input.fields,
        role: 'learner',
        createdVia: 'scim',
        passwordHash: hash ?? null,
      },
      clock.now(),
    );
    send(ctx, 201, await render(ctx, user), userLocation(scimBase(ctx), user.id));
  };

  const replaceUser: Middleware = async function replaceUser(ctx) {
    const input = ctx.state.scimInput as UserInput;
    const current = ctx.state.scimUser as LmsUser;
    const hash = await passwordHash(input);
    const user = await store.users.replace(
      ctx.state.tenant.id,
      current.id,
      { ...input.fields, ...(hash ? { passwordHash: hash } : {}) },
      clock.now(),
    );
    send(ctx, 200, await render(ctx, user));
  };

  const showUser: Middleware = async function showUser(ctx) {
    send(ctx, 200, await render(ctx, ctx.state.scimUser as LmsUser));
  };

  /** SCIM DELETE moves the user to the trash: the email stays reserved until an admin permanently deletes it. */
  const trashUser: Middleware = async function trashUser(ctx) {
    const user = ctx.state.scimUser as LmsUser;
    if (!(await services.users.trash(ctx.state.tenant.id, user.id))) throw scimNotFound(`User ${user.id}`);
    await services.audit.record({ tenant: ctx.state.tenant.id, type: 'user_deleted', success: true, user: user.login, detail: 'scim' });
    ctx.status = 204;
  };

  const rejectQueryOnWrite: Middleware = async function rejectUnexpectedFilter(ctx, next) {
    if (queryString(ctx.query, 'filter') !== undefined) throw scimBad('invalidSyntax', 'A filter is not allowed here');
    await next();
  };

  return {
    list: [searchUsers],
    search: [rejectQueryOnWrite, requireJsonBody, readSearchRequest, searchUsers],
    create: [rejectQueryOnWrite, requireJsonBody, readUser, refuseSuperAdminLogin, createUser],
    get: [findUser, showUser],
    replace: [requireJsonBody, findUser, refuseSuperAdmin, readUser, refuseSuperAdminLogin, replaceUser],
    patch: [requireJsonBody, findUser, refuseSuperAdmin, patchUser, refuseSuperAdminLogin, replaceUser],
    delete: [findUser, refuseSuperAdmin, trashUser],
  } satisfies Record<string, Middleware[]>;
}
