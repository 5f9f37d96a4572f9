// The SSO settings page for the LMS Super Admin (CSRF-protected form over the same SsoService as the API).

import { randomBytes } from 'node:crypto';
import { csrfToken, noCache, parseBody, requireCsrf, safeEqual } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import type { SpDeps } from '../deps.js';
import { isSpError, spError } from '../sp-errors.js';
import { type ConfigurationReport, checkConfiguration } from '../sso/check-configuration.js';
import { type FieldProblem, isConfigured, SettingsValidationError, type SsoSettings } from '../sso/settings.js';
import type { Tenant } from '../tenant.js';
import { acsUrl, metadataUrl, spEntityId } from '../tenant.js';
import { renderPage } from '../views/layout.js';
import { type ScimView, settingsPage } from '../views/settings-page.js';
import { requireSuperAdmin } from './auth.js';
import { sloUrl } from './single-logout.js';

function spInfo(tenant: Tenant, s: SsoSettings) {
  return {
    entityId: spEntityId(tenant, s),
    acsUrl: acsUrl(tenant),
    metadataUrl: metadataUrl(tenant),
    loginUrl: `${tenant.origin}/index/ssologin/service:saml`,
    sloUrl: sloUrl(tenant),
  };
}

/** HTML form fields → the API's JSON shape (checkboxes: present = on). */
export function formToInput(body: Record<string, unknown>): Record<string, unknown> {
  const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
  return {
    integrationType: str('integrationType') || 'saml2',
    idpEntityId: str('idpEntityId'),
    certificateFingerprints: str('certificateFingerprints'),
    certificatePem: str('certificatePem'),
    remoteSignInUrl: str('remoteSignInUrl'),
    remoteSignOutUrl: str('remoteSignOutUrl'),
    useSamlSingleLogout: body.useSamlSingleLogout !== undefined,
    idpSingleLogoutUrl: str('idpSingleLogoutUrl'),
    idpMetadataUrl: str('idpMetadataUrl'),
    spEntityId: str('spEntityId'),
    attributes: {
      targetedId: str('attr_targetedId'),
      firstName: str('attr_firstName'),
      lastName: str('attr_lastName'),
      email: str('attr_email'),
    },
    allowUnsolicited: body.allowUnsolicited !== undefined,
    requireSignedAssertion: body.requireSignedAssertion !== undefined,
    allowSha1: body.allowSha1 !== undefined,
    requireEncryptedAssertions: body.requireEncryptedAssertions !== undefined,
    allowCbcEncryption: body.allowCbcEncryption !== undefined,
  };
}

const SCIM_INTENT = 'scimIntent';

export function settingsPageEndpoints({ services, clock }: SpDeps) {
  const scimView = async (ctx: ParameterizedContext, extra: Partial<ScimView> = {}): Promise<ScimView> => {
    const intent = randomBytes(16).toString('base64url');
    ctx.state.session.set(SCIM_INTENT, intent);
    return {
      ...(await services.account.scimStatus(ctx.state.tenant.id)),
      baseUrl: `${ctx.state.tenant.origin}/api/scim2`,
      timezone: (await services.account.get(ctx.state.tenant.id)).timezone,
      intent,
      ...extra,
    };
  };

  /** Each rendered SCIM form may act once: reloading the page that shows a new key re-posts the form. */
  const consumeIntent = (ctx: ParameterizedContext, sent: unknown): boolean => {
    const expected = ctx.state.session.get<string>(SCIM_INTENT);
    ctx.state.session.delete(SCIM_INTENT);
    return typeof sent === 'string' && expected !== undefined && safeEqual(expected, sent);
  };

  const showPage = async (ctx: ParameterizedContext, scim: Partial<ScimView> = {}, check?: ConfigurationReport) => {
    const s = await services.sso.getSettings(ctx.state.tenant.id);
    renderPage(
      ctx,
      'Single Sign-On (SSO)',
      settingsPage({
        values: s,
        fingerprintsText: s.certificateFingerprints.join('\n'),
        problems: [],
        csrf: csrfToken(ctx),
        saved: ctx.query.saved === '1',
        configured: isConfigured(s),
        sp: spInfo(ctx.state.tenant, s),
        scim: await scimView(ctx, scim),
        check,
      }),
      ctx.state.user,
    );
  };

  /** Enable / regenerate (the new key is in this response only) / disable. */
  const changeScim: Middleware = async (ctx) => {
    const body = ((ctx.request as { body?: Record<string, unknown> }).body ?? {}) as Record<string, unknown>;
    const tenant = ctx.state.tenant.id;
    const user = ctx.state.user?.login;
    if (!consumeIntent(ctx, body.intent)) {
      ctx.status = 409;
      await showPage(ctx, {
        error:
          'This form was already used (the page was probably reloaded), so nothing was changed: the key shown before is still the current one. If you did not copy it, use "Regenerate API key".',
      });
      return;
    }
    if (body.action === 'disable') {
      await services.account.disableScim(tenant);
      await services.audit.record({ tenant, type: 'scim_disabled', success: true, user, detail: 'page' });
      await showPage(ctx, { message: 'SCIM v2 user provisioning is disabled; the API key no longer works.' });
      return;
    }
    if (body.action !== 'enable' && body.action !== 'regenerate') {
      throw spError('bad_action');
    }
    const wasEnabled = (await services.account.scimStatus(tenant)).enabled;
    try {
      const key = await services.account.enableScim(tenant);
      await services.audit.record({
        tenant,
        type: wasEnabled ? 'scim_key_regenerated' : 'scim_enabled',
        success: true,
        user,
        detail: 'page',
      });
      await showPage(ctx, { newKey: key });
    } catch (err) {
      if (!isSpError(err, 'sso_not_configured')) throw err;
      ctx.status = 409;
      await showPage(ctx, { error: err.message });
    }
  };

  const showSettings: Middleware = (ctx) => showPage(ctx);

  const saveSettings: Middleware = async (ctx) => {
    const body = ((ctx.request as { body?: Record<string, unknown> }).body ?? {}) as Record<string, unknown>;
    const input = formToInput(body);
    try {
      await services.sso.updateSettings(ctx.state.tenant.id, input);
    } catch (err) {
      if (!(err instanceof SettingsValidationError)) throw err;
      const current = await services.sso.getSettings(ctx.state.tenant.id);
      const shown = { ...current, ...(input as Partial<SsoSettings>), certificateFingerprints: current.certificateFingerprints };
      ctx.status = 400;
      renderPage(
        ctx,
        'Single Sign-On (SSO)',
        settingsPage({
          values: shown,
          fingerprintsText: String(input.certificateFingerprints ?? ''),
          problems: err.problems as FieldProblem[],
          csrf: csrfToken(ctx),
          saved: false,
          configured: isConfigured(current),
          sp: spInfo(ctx.state.tenant, current),
          scim: await scimView(ctx),
        }),
        ctx.state.user,
      );
      return;
    }
    await services.audit.record({
      tenant: ctx.state.tenant.id,
      type: 'sso_settings_updated',
      success: true,
      user: ctx.state.user?.login,
      detail: 'page',
    });
    if (body.check === undefined) return ctx.redirect('/account/users/sso?saved=1');
    // "Save and check configuration": the report is shown on this response (nothing to re-post on reload).
    const report = await checkConfiguration(await services.sso.getSettings(ctx.state.tenant.id), { now: clock.now() });
    await services.audit.record({
      tenant: ctx.state.tenant.id,
      type: 'sso_configuration_checked',
      success: report.ok,
      user: ctx.state.user?.login,
      detail:
        report.checks
          .filter((c) => c.status === 'problem')
          .map((c) => c.id)
          .join(',') || 'ok',
    });
    ctx.query = { ...ctx.query, saved: '1' };
    await showPage(ctx, {}, report);
  };

  return {
    show: [noCache, requireSuperAdmin, showSettings] as Middleware[],
    save: [noCache, parseBody(), requireSuperAdmin, requireCsrf, saveSettings] as Middleware[],
    scim: [noCache, parseBody(), requireSuperAdmin, requireCsrf, changeScim] as Middleware[],
  };
}
