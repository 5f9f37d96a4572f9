// The admin API of multi-factor sign-in: a user's MFA state (read, set, reset, factors), group and application
// rules (conditional access), and the MFA settings. Changes are audited (admin_api, and mfa_reset events).
import { type ApiRoute, apiRoute } from '@samlbridge/web';
import { userOwner } from '../../mfa/service.js';
import type { IdpDeps } from '../deps.js';
import { errors, IdParams, noContent } from './schemas/common.js';
import { MfaFactors, MfaRule, MfaRuleInput, MfaSettings, MfaSettingsInput, UserMfa, UserMfaInput } from './schemas/mfa.js';

export function mfaRoutes({ services, mfa }: IdpDeps): ApiRoute[] {
  const d = services.directory;
  const userMfa = async (userId: string) => {
    const [state, requirement] = await Promise.all([mfa.state(userId), mfa.requirementForUser(userId)]);
    return { ...state, requiredBy: requirement.sources };
  };
  return [
    apiRoute({
      method: 'get',
      path: '/users/:id/mfa',
      summary: "A user's MFA state: required, enrolled factor kinds and counts, recovery codes left",
      params: IdParams,
      responses: { 200: { description: 'MFA state', schema: UserMfa }, ...errors(404) },
      handle: async ({ params }) => {
        await d.getUser(params.id);
        return { status: 200, body: await userMfa(params.id) };
      },
    }),
    apiRoute({
      method: 'put',
      path: '/users/:id/mfa',
      summary: 'Require MFA of this user (or lift the user rule; group and application rules still apply)',
      params: IdParams,
      body: UserMfaInput,
      responses: { 200: { description: 'MFA state', schema: UserMfa }, ...errors(400, 404) },
      handle: async ({ params, body }) => {
        await d.getUser(params.id);
        await mfa.setRule('user', params.id, body.required);
        return { status: 200, body: await userMfa(params.id) };
      },
    }),
    apiRoute({
      method: 'get',
      path: '/users/:id/mfa/factors',
      summary: "A user's second factors (kinds, names, dates; never secrets)",
      params: IdParams,
      responses: { 200: { description: 'Factors', schema: MfaFactors }, ...errors(404) },
      handle: async ({ params }) => {
        await d.getUser(params.id);
        const items = (await mfa.factors(userOwner(params.id))).map((f) => ({
          id: f.id,
          kind: f.kind,
          name: f.name,
          createdAt: f.createdAt.toISOString(),
          lastUsedAt: f.lastUsedAt?.toISOString() ?? null,
        }));
        return { status: 200, body: { items } };
      },
    }),
    apiRoute({
      method: 'delete',
      path: '/users/:id/mfa/factors',
      summary: 'Reset: delete every second factor and recovery code of the user (they enrol again when MFA is required)',
      params: IdParams,
      responses: { 204: noContent('Reset'), ...errors(404) },
      handle: async ({ params }) => {
        const user = await d.getUser(params.id);
        await mfa.reset({ owner: userOwner(user.id), name: user.username, userId: user.id, initiator: 'admin-api' });
        return { status: 204 };
      },
    }),
    apiRoute({
      method: 'get',
      path: '/groups/:id/mfa',
      summary: 'Whether members of this group must use MFA',
      params: IdParams,
      responses: { 200: { description: 'Rule', schema: MfaRule }, ...errors(404) },
      handle: async ({ params }) => {
        await d.getGroup(params.id);
        return { status: 200, body: { required: await mfa.hasRule('group', params.id) } };
      },
    }),
    apiRoute({
      method: 'put',
      path: '/groups/:id/mfa',
      summary: 'Require MFA of every member of this group',
      params: IdParams,
      body: MfaRuleInput,
      responses: { 200: { description: 'Rule', schema: MfaRule }, ...errors(400, 404) },
      handle: async ({ params, body }) => {
        await d.getGroup(params.id);
        await mfa.setRule('group', params.id, body.required);
        return { status: 200, body: { required: body.required } };
      },
    }),
    apiRoute({
      method: 'get',
      path: '/applications/:id/mfa',
      summary: 'Whether signing in to this application needs MFA (conditional access)',
      params: IdParams,
      responses: { 200: { description: 'Rule', schema: MfaRule }, ...errors(404) },
      handle: async ({ params }) => {
        await d.getApplication(params.id);
        return { status: 200, body: { required: await mfa.hasRule('application', params.id) } };
      },
    }),
    apiRoute({
      method: 'put',
      path: '/applications/:id/mfa',
      summary: 'Require MFA of everyone signing in to this application (conditional access)',
      params: IdParams,
      body: MfaRuleInput,
      responses: { 200: { description: 'Rule', schema: MfaRule }, ...errors(400, 404) },
      handle: async ({ params, body }) => {
        await d.getApplication(params.id);
        await mfa.setRule('application', params.id, body.required);
        return { status: 200, body: { required: body.required } };
      },
    }),
    apiRoute({
      method: 'get',
      path: '/mfa/settings',
      summary: 'MFA settings: enrolment grace period, MFA for admins',
      responses: { 200: { description: 'Settings', schema: MfaSettings }, ...errors() },
      handle: async () => ({ status: 200, body: await mfa.settings() }),
    }),
    apiRoute({
      method: 'put',
      path: '/mfa/settings',
      summary: 'Set the MFA settings',
      body: MfaSettingsInput,
      responses: { 200: { description: 'Settings', schema: MfaSettings }, ...errors(400) },
      handle: async ({ body }) => {
        await mfa.putSettings(body);
        return { status: 200, body: await mfa.settings() };
      },
    }),
  ];
}
