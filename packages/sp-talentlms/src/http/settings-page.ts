// The SSO settings page for the LMS Super Admin (CSRF-protected form over the same SsoService as the API).
import { csrfToken, noCache, parseBody, requireCsrf } from '@samlbridge/web';
import type { Middleware } from 'koa';
import type { SpDeps } from '../deps.js';
import { type FieldProblem, isConfigured, SettingsValidationError, type SsoSettings } from '../sso/settings.js';
import type { Tenant } from '../tenant.js';
import { acsUrl, metadataUrl, spEntityId } from '../tenant.js';
import { renderPage } from '../views/layout.js';
import { settingsPage } from '../views/settings-page.js';
import { requireSuperAdmin } from './auth.js';

function spInfo(tenant: Tenant, s: SsoSettings) {
  return {
    entityId: spEntityId(tenant, s),
    acsUrl: acsUrl(tenant),
    metadataUrl: metadataUrl(tenant),
    loginUrl: `${tenant.origin}/index/ssologin/service:saml`,
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
  };
}

export function settingsPageEndpoints({ services }: SpDeps) {
  const showSettings: Middleware = async (ctx) => {
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
      }),
      ctx.state.user,
    );
  };

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
    ctx.redirect('/account/users/sso?saved=1');
  };

  return {
    show: [noCache, requireSuperAdmin, showSettings] as Middleware[],
    save: [noCache, parseBody(), requireSuperAdmin, requireCsrf, saveSettings] as Middleware[],
  };
}
