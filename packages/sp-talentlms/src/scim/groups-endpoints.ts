// /api/scim2/Groups: TalentLMS groups (displayName, members). PATCH takes the Okta, Entra ID and JumpCloud shapes.
import type { Middleware, ParameterizedContext } from 'koa';
import type { SpDeps } from '../deps.js';
import type { FilterNode, GroupAttr } from '../store/filter.js';
import type { GroupChange, LmsGroup } from '../store/types.js';
import { scimBad, scimNotFound } from './errors.js';
import { GROUP_FILTER_ATTRS } from './filter.js';
import { type GroupInput, groupChange, memberOnlyChange, patchableGroup, readScimGroup, toScimGroup } from './group-resource.js';
import { applyPatch, checkPatch, type PatchOptions, readPatchRequest } from './patch.js';
import { patchSchemaOf } from './patch-schema.js';
import { isExcluded, project, readProjection } from './projection.js';
import { body, type Paging, queryString, requireJsonBody, type ScimQuery, scimBase, send } from './respond.js';
import { GROUP_ATTRS, SCHEMA } from './schemas.js';
import { listEndpoint, readSearchRequest } from './search-request.js';

declare module 'koa' {
  interface DefaultState {
    scimGroup?: LmsGroup;
    scimGroupChange?: GroupChange;
  }
}

export const GROUP_PATCH_OPTIONS: PatchOptions = patchSchemaOf(SCHEMA.group, GROUP_ATTRS);

/** One page of groups as SCIM resources (members loaded only when the projection keeps them). */
export function groupPages({ store }: SpDeps) {
  return async function groupPage(ctx: ParameterizedContext, query: ScimQuery, paging: Paging, filter?: FilterNode<GroupAttr>) {
    const projection = readProjection(query, SCHEMA.group, []);
    const members = !isExcluded(projection, 'members');
    const { total, groups } = await store.groups.search(ctx.state.tenant.id, { ...paging, members, ...(filter ? { filter } : {}) });
    return { total, resources: groups.map((g) => project(toScimGroup(g, scimBase(ctx)), projection)) };
  };
}

export function groupsEndpoints(deps: SpDeps) {
  const { store, clock } = deps;
  const groupPage = groupPages(deps);
  const projection = (ctx: ParameterizedContext) => readProjection(ctx.query, SCHEMA.group, []);
  const render = (ctx: ParameterizedContext, g: LmsGroup) => project(toScimGroup(g, scimBase(ctx)), projection(ctx));

  /** Every member must be a user of this account that is not in the trash. */
  const checkMembers = async (ctx: ParameterizedContext, ids: number[]) => {
    const found = new Set(await store.users.existingIds(ctx.state.tenant.id, ids));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw scimBad('invalidValue', `No user with id ${missing.slice(0, 5).join(', ')} in this account`);
  };

  const searchGroups = listEndpoint(GROUP_FILTER_ATTRS, groupPage);

  const findGroup: Middleware = async function findGroup(ctx, next) {
    const id = String(ctx.params.id ?? '');
    // PATCH loads members only when the generic engine needs them (member-only PATCHes go straight to a delta).
    const members = ctx.method === 'GET' ? !isExcluded(projection(ctx), 'members') : ctx.method === 'PUT';
    const group = /^[1-9]\d{0,15}$/.test(id) ? await store.groups.findById(ctx.state.tenant.id, Number(id), { members }) : undefined;
    if (!group) throw scimNotFound(`Group ${id.slice(0, 64)}`);
    ctx.state.scimGroup = group;
    await next();
  };

  const createGroup: Middleware = async function createGroup(ctx) {
    const input = readScimGroup(body(ctx));
    await checkMembers(ctx, input.memberIds);
    const group = await store.groups.create({ tenant: ctx.state.tenant.id, ...input }, clock.now());
    send(ctx, 201, render(ctx, group), `${scimBase(ctx)}/Groups/${group.id}`);
  };

  const readReplacement: Middleware = async function readReplacement(ctx, next) {
    const input = readScimGroup(body(ctx));
    ctx.state.scimGroupChange = { ...groupChange(ctx.state.scimGroup as LmsGroup, input) };
    await next();
  };

  const readPatch: Middleware = async function readPatch(ctx, next) {
    const ops = readPatchRequest(body(ctx));
    const current = ctx.state.scimGroup as LmsGroup;
    checkPatch(ops, GROUP_PATCH_OPTIONS);
    const fast = memberOnlyChange(ops);
    if (fast) ctx.state.scimGroupChange = fast;
    else {
      const full = (await store.groups.findById(ctx.state.tenant.id, current.id, { members: true })) as LmsGroup;
      const patched: GroupInput = readScimGroup(applyPatch(patchableGroup(full), ops, GROUP_PATCH_OPTIONS));
      ctx.state.scimGroupChange = groupChange(full, patched);
    }
    await next();
  };

  const saveGroup: Middleware = async function saveGroup(ctx) {
    const group = ctx.state.scimGroup as LmsGroup;
    const change = ctx.state.scimGroupChange as GroupChange;
    await checkMembers(ctx, [...(change.replaceMembers ?? []), ...(change.addMembers ?? [])]);
    await store.groups.update(ctx.state.tenant.id, group.id, change, clock.now());
    // RFC 7644 §3.5.2: after PATCH, 204 unless the client asked for attributes; a big group is not re-sent per change.
    const asked = queryString(ctx.query, 'attributes') !== undefined || queryString(ctx.query, 'excludedAttributes') !== undefined;
    if (ctx.method === 'PATCH' && !asked) {
      ctx.status = 204;
      return;
    }
    const saved = await store.groups.findById(ctx.state.tenant.id, group.id, { members: !isExcluded(projection(ctx), 'members') });
    send(ctx, 200, render(ctx, saved as LmsGroup));
  };

  const showGroup: Middleware = async function showGroup(ctx) {
    send(ctx, 200, render(ctx, ctx.state.scimGroup as LmsGroup));
  };

  const deleteGroup: Middleware = async function deleteGroup(ctx) {
    await store.groups.delete(ctx.state.tenant.id, (ctx.state.scimGroup as LmsGroup).id);
    ctx.status = 204;
  };

  return {
    list: [searchGroups],
    search: [requireJsonBody, readSearchRequest, searchGroups],
    create: [requireJsonBody, createGroup],
    get: [findGroup, showGroup],
    replace: [requireJsonBody, findGroup, readReplacement, saveGroup],
    patch: [requireJsonBody, findGroup, readPatch, saveGroup],
    delete: [findGroup, deleteGroup],
  } satisfies Record<string, Middleware[]>;
}
