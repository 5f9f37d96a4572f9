// The SSO settings page for the LMS Super Admin (CSRF-protected form over the same SsoService as the API).

import { randomBytes } from 'node:crypto';
import { csrfToken, noCache, parseBody, requireCsrf, safeEqual } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import type { SpDeps } from '../deps.js';
import { isSpError, spError } from '../sp-errors.js';
import { type ConfigurationReport, checkConfiguration } from '../sso/check-configuration.js';
import { movePastedCertificate } from '../sso/pasted-certificate.js';
import {
  type FieldProblem,
  isConfigured,
  pemFingerprints,
  SettingsValidationError,
  type SsoSettings,
  validateSettings,
} from '../sso/settings.js';
import type { Tenant } from '../tenant.js';
import { acsUrl, metadataUrl, spEntityId } from '../tenant.js';
import { renderPage } from '../views/layout.js';
import { scimKeyPage } from '../views/scim-key-page.js';
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
/** The key just created, kept in the session only until the key page shows it once (post/redirect/get). */
const SCIM_NEW_KEY = 'scimNewKey';
export const SCIM_KEY_PATH = '/account/users/sso/scim/key';

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
        scim: await scimView(ctx, {
          ...(ctx.query.scim === 'disabled' ? { message: 'SCIM v2 user provisioning is disabled; the API key no longer works.' } : {}),
          ...scim,
        }),
        check,
        ...(ctx.query.certificate === 'moved' ? { movedCertificate: pemFingerprints(s).map((f) => f.sha256) } : {}),
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
      ctx.status = 303;
      ctx.redirect('/account/users/sso?scim=disabled#scim');
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
      // Post/redirect/get: the key page shows it once; reloading that page never re-posts this form.
      ctx.state.session.set(SCIM_NEW_KEY, key);
      ctx.status = 303;
      ctx.redirect(SCIM_KEY_PATH);
    } catch (err) {
      if (!isSpError(err, 'sso_not_configured')) throw err;
      ctx.status = 409;
      await showPage(ctx, { error: err.message });
    }
  };

  const showSettings: Middleware = (ctx) => showPage(ctx);

  /** The shown-once key (first visit after enabling or regenerating), then a page saying it cannot be shown again. */
  const showScimKey: Middleware = async (ctx) => {
    const key = ctx.state.session.get<string>(SCIM_NEW_KEY);
    ctx.state.session.delete(SCIM_NEW_KEY);
    renderPage(
      ctx,
      key ? 'Your SCIM API key' : 'SCIM API key already shown',
      scimKeyPage({ key, baseUrl: `${ctx.state.tenant.origin}/api/scim2` }),
      ctx.state.user,
    );
  };

  const renderForm = async (
    ctx: ParameterizedContext,
    status: number,
    v: { values: SsoSettings; fingerprintsText: string; problems: FieldProblem[]; current: SsoSettings },
    extra: { check?: ConfigurationReport; checkFailedNotSaved?: boolean; movedCertificate?: string[] } = {},
  ) => {
    ctx.status = status;
    renderPage(
      ctx,
      'Single Sign-On (SSO)',
      settingsPage({
        values: v.values,
        fingerprintsText: v.fingerprintsText,
        problems: v.problems,
        csrf: csrfToken(ctx),
        saved: false,
        configured: isConfigured(v.current),
        sp: spInfo(ctx.state.tenant, v.current),
        scim: await scimView(ctx),
        ...extra,
      }),
      ctx.state.user,
    );
  };

  const saveSettings: Middleware = async (ctx) => {
    const body = ((ctx.request as { body?: Record<string, unknown> }).body ?? {}) as Record<string, unknown>;
    const tenant = ctx.state.tenant.id;
    let input = formToInput(body);
    // A certificate pasted into "Certificate fingerprint" (as the article says to) moves to the PEM field.
    const pasted = movePastedCertificate(String(input.certificateFingerprints), String(input.certificatePem));
    const movedCertificate = pasted.kind === 'moved' ? pasted.moved.sha256 : undefined;
    if (pasted.kind === 'moved')
      input = { ...input, certificateFingerprints: pasted.fingerprintsText, certificatePem: pasted.certificatePem };
    const current = await services.sso.getSettings(tenant);
    let candidate: SsoSettings;
    try {
      if (pasted.kind === 'invalid') {
        // One message for the whole pasted block, plus whatever else is wrong in the form.
        const own = { field: 'certificateFingerprints', message: pasted.message };
        const others = (() => {
          try {
            validateSettings({ ...input, certificateFingerprints: undefined }, current);
            return [];
          } catch (err) {
            if (err instanceof SettingsValidationError) return err.problems;
            throw err;
          }
        })();
        throw new SettingsValidationError([own, ...others]);
      }
      candidate = validateSettings(input, current);
    } catch (err) {
      if (!(err instanceof SettingsValidationError)) throw err;
      const shown = { ...current, ...(input as Partial<SsoSettings>), certificateFingerprints: current.certificateFingerprints };
      await renderForm(
        ctx,
        400,
        { values: shown, fingerprintsText: String(input.certificateFingerprints ?? ''), problems: err.problems, current },
        movedCertificate ? { movedCertificate } : {},
      );
      return;
    }
    const audit = (type: 'sso_configuration_checked' | 'sso_settings_updated', success: boolean, detail: string) =>
      services.audit.record({ tenant, type, success, user: ctx.state.user?.login, detail });

    if (body.saveAnyway === undefined) {
      // ONE meaning for saving: the NEW settings are checked before they go live; the previous ones stay in use until
      // the check passes, or the admin confirms this configuration with "Save anyway" (the form's only other button).
      const report = await checkConfiguration(candidate, { now: clock.now() });
      await audit(
        'sso_configuration_checked',
        report.ok,
        report.checks
          .filter((c) => c.status === 'problem')
          .map((c) => c.id)
          .join(',') || 'ok',
      );
      if (!report.ok) {
        await renderForm(
          ctx,
          422,
          { values: candidate, fingerprintsText: candidate.certificateFingerprints.join('\n'), problems: [], current },
          { check: report, checkFailedNotSaved: true, ...(movedCertificate ? { movedCertificate } : {}) },
        );
        return;
      }
      await services.sso.updateSettings(tenant, input);
      await audit('sso_settings_updated', true, 'page, check passed');
      ctx.query = { ...ctx.query, saved: '1', ...(movedCertificate ? { certificate: 'moved' } : {}) };
      await showPage(ctx, {}, report);
      return;
    }
    await services.sso.updateSettings(tenant, input);
    await audit('sso_settings_updated', true, 'page, saved although the check failed');
    ctx.redirect(`/account/users/sso?saved=1${movedCertificate ? '&certificate=moved' : ''}`);
  };

  /** "SSO integration type: None": single sign-on off; the stored SAML settings stay as they are for a switch back. */
  const turnSsoOff: Middleware = async (ctx, next) => {
    const body = ((ctx.request as { body?: Record<string, unknown> }).body ?? {}) as Record<string, unknown>;
    if (body.integrationType !== 'none') return next();
    const tenant = ctx.state.tenant.id;
    await services.sso.updateSettings(tenant, { integrationType: 'none' });
    await services.audit.record({
      tenant,
      type: 'sso_settings_updated',
      success: true,
      user: ctx.state.user?.login,
      detail: 'page, integration type None',
    });
    ctx.status = 303;
    ctx.redirect('/account/users/sso?saved=1');
  };

  return {
    show: [noCache, requireSuperAdmin, showSettings] as Middleware[],
    save: [noCache, parseBody(), requireSuperAdmin, requireCsrf, turnSsoOff, saveSettings] as Middleware[],
    scim: [noCache, parseBody(), requireSuperAdmin, requireCsrf, changeScim] as Middleware[],
    scimKey: [noCache, requireSuperAdmin, showScimKey] as Middleware[],
  };
}
