// The admin API of multi-factor sign-in: a user's MFA state (read, set, reset, factors), group and application
// rules (conditional access), and the MFA settings. Changes are audited (admin_api, and mfa_reset events).
import { type ApiRoute, route } from '@samlbridge/web';
import { userOwner } from '../../mfa/service.js';
import type { IdpDeps } from '../deps.js';
import { ById, errors } from './schemas/common.js';
import { MfaFactors, MfaRule, MfaRuleInput, MfaSettings, MfaSettingsInput, UserMfa, UserMfaInput } from './schemas/mfa.js';

export function mfaRoutes({ services, mfa }: IdpDeps): ApiRoute[] {
  const d = services.directory;
  const userMfa = async (userId: string) => {
    const [state, requirement] = await Promise.all([mfa.state(userId), mfa.requirementForUser(userId)]);
    return { ...state, requiredBy: requirement.sources };
  };
  /** GET and PUT of the MFA rule of one group or application (`exists` answers 404 for an unknown one). */
  const ruleRoutes = (
    scope: 'group' | 'application',
    path: string,
    getSummary: string,
    putSummary: string,
    exists: (id: string) => Promise<unknown>,
  ) => [
    route('get', path, getSummary, ById).ok(MfaRule, 'Rule', errors(404), async ({ params }) => {
      await exists(params.id);
      return { required: await mfa.hasRule(scope, params.id) };
    }),
    route('put', path, putSummary, { ...ById, body: MfaRuleInput }).ok(MfaRule, 'Rule', errors(400, 404), async ({ params, body }) => {
      await exists(params.id);
      await mfa.setRule(scope, params.id, body.required);
      return { required: body.required };
    }),
  ];
  return [
    route('get', '/users/:id/mfa', "A user's MFA state: required, enrolled factor kinds and counts, recovery codes left", ById).ok(
      UserMfa,
      'MFA state',
      errors(404),
      async ({ params }) => {
        await d.getUser(params.id);
        return userMfa(params.id);
      },
    ),
    route('put', '/users/:id/mfa', 'Require MFA of this user (or lift the user rule; group and application rules still apply)', {
      ...ById,
      body: UserMfaInput,
    }).ok(UserMfa, 'MFA state', errors(400, 404), async ({ params, body }) => {
      await d.getUser(params.id);
      await mfa.setRule('user', params.id, body.required);
      return userMfa(params.id);
    }),
    route('get', '/users/:id/mfa/factors', "A user's second factors (kinds, names, dates; never secrets)", ById).ok(
      MfaFactors,
      'Factors',
      errors(404),
      async ({ params }) => {
        await d.getUser(params.id);
        const items = (await mfa.factors(userOwner(params.id))).map((f) => ({
          id: f.id,
          kind: f.kind,
          name: f.name,
          createdAt: f.createdAt.toISOString(),
          lastUsedAt: f.lastUsedAt?.toISOString() ?? null,
        }));
        return { items };
      },
    ),
    route(
      'delete',
      '/users/:id/mfa/factors',
      'Reset: delete every second factor and recovery code of the user (they enrol again when MFA is required)',
      ById,
    ).noContent('Reset', errors(404), async ({ params }) => {
      const user = await d.getUser(params.id);
      await mfa.reset({ owner: userOwner(user.id), name: user.username, userId: user.id, initiator: 'admin-api' });
    }),
    ...ruleRoutes(
      'group',
      '/groups/:id/mfa',
      'Whether members of this group must use MFA',
      'Require MFA of every member of this group',
      (id) => d.getGroup(id),
    ),
    ...ruleRoutes(
      'application',
      '/applications/:id/mfa',
      'Whether signing in to this application needs MFA (conditional access)',
      'Require MFA of everyone signing in to this application (conditional access)',
      (id) => d.getApplication(id),
    ),
    route('get', '/mfa/settings', 'MFA settings: enrolment grace period, MFA for admins').ok(MfaSettings, 'Settings', errors(), () =>
      mfa.settings(),
    ),
    route('put', '/mfa/settings', 'Set the MFA settings', { body: MfaSettingsInput }).ok(
      MfaSettings,
      'Settings',
      errors(400),
      async ({ body }) => {
        await mfa.putSettings(body);
        return mfa.settings();
      },
    ),
  ];
}
