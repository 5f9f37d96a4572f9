// Multi-factor sign-in in the admin portal: a user's factors (kinds, names, dates: never secrets), "require MFA"
// for the user, reset (an mfa_reset event); the admin's own authenticator app and recovery codes, the settings
// (require MFA for admins, enrolment grace period), and the factor step of the admin sign-in.
import type { Router } from '@koa/router';
import { csrfToken, html } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import type { Admin } from '../../domain.js';
import { adminOwner, type MfaActor, userOwner } from '../../mfa/service.js';
import type { IdpDeps } from '../deps.js';
import { passkeyService } from '../mfa/passkey-service.js';
import { totpEnrolment } from '../mfa/totp-enrolment.js';
import { codeForm, enrolForm } from '../mfa/views.js';
import { currentAdmin } from './kit/admin-session.js';
import { flash, seeOther } from './kit/flash.js';
import { form, text } from './kit/form-body.js';
import { csrfField, renderAdmin } from './kit/layout.js';
import {
  adminPasskeyRoutes,
  adminPasskeySection,
  adminPasskeyStep,
  passkeyOnlySetting,
  removeFactorButton,
  verifyAdminPasskey,
} from './passkeys.js';
import { showNewRecoveryCodes } from './recovery-codes-page.js';

const PENDING_KEY = 'adminMfaPending';
const VERIFIED_KEY = 'adminMfa';
const ENROL_KEY = 'adminMfaEnrol';
const when = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'never');

/** Called by the admin sign-in after a right password: true when the factor step takes over (the session is not signed in yet). */
export async function adminFactorStep(ctx: ParameterizedContext, deps: IdpDeps, admin: Admin, next: string): Promise<boolean> {
  const enrolled = await deps.mfa.enrolled(adminOwner(admin.id));
  if (!enrolled && !(await deps.mfa.requirementForAdmin()).required) return false;
  const s = ctx.state.session;
  s.regenerate();
  s.delete('csrf');
  s.delete('adminId');
  s.set(PENDING_KEY, { adminId: admin.id, at: deps.clock.now().toISOString(), next });
  seeOther(ctx, '/admin/login/mfa');
  return true;
}

export function adminMfaRoutes(router: Router, deps: IdpDeps, admin: Middleware, post: Middleware[], parse: Middleware[]): void {
  const actorOf = (ctx: ParameterizedContext, a: Admin): MfaActor => ({ owner: adminOwner(a.id), name: a.email, userId: null, ip: ctx.ip });

  async function pendingAdmin(ctx: ParameterizedContext): Promise<{ admin: Admin; next: string } | undefined> {
    const p = ctx.state.session.get<{ adminId: string; at: string; next: string }>(PENDING_KEY);
    if (!p) return undefined;
    const age = deps.clock.now().getTime() - new Date(p.at).getTime();
    if (age < 0 || age > deps.config.loginFlowTtlSeconds * 1000) return undefined;
    const a = await deps.services.admins.get(p.adminId);
    return a && { admin: a, next: p.next };
  }

  const enrolment = (ctx: ParameterizedContext, a: Admin) => totpEnrolment(ctx, deps, ENROL_KEY, adminOwner(a.id), a.email);

  async function showStep(ctx: ParameterizedContext, a: Admin, error?: string, status = 200) {
    ctx.status = status;
    const csrf = csrfToken(ctx);
    if (await deps.mfa.enrolled(adminOwner(a.id))) {
      return renderAdmin(
        ctx,
        undefined,
        'Verify it is you',
        html`${codeForm({ csrf, action: '/admin/login/mfa', heading: 'Verify it is you', error })}${await adminPasskeyStep(deps, ctx, a)}`,
      );
    }
    const e = await enrolment(ctx, a);
    renderAdmin(
      ctx,
      undefined,
      'Set up an authenticator app',
      enrolForm({
        csrf,
        action: '/admin/login/mfa',
        enrolment: e,
        error,
        intro: 'Admins must use a second factor. Add an authenticator app now.',
      }),
    );
  }

  /** The factor step of the admin sign-in. */
  router.get('/login/mfa', async (ctx) => {
    const p = await pendingAdmin(ctx);
    if (!p) return seeOther(ctx, '/admin/login');
    await showStep(ctx, p.admin);
  });
  router.post('/login/mfa', ...parse, async (ctx) => {
    const p = await pendingAdmin(ctx);
    if (!p) return seeOther(ctx, '/admin/login');
    const body = form(ctx);
    const code = text(body, 'code').slice(0, 64);
    const actor = actorOf(ctx, p.admin);
    const enrolling = text(body, 'step') === 'enrol';
    const factorId = ctx.state.session.get<string>(ENROL_KEY);
    const result =
      text(body, 'step') === 'passkey'
        ? await verifyAdminPasskey(deps, ctx, actor.owner, text(body, 'credential').slice(0, 64 * 1024))
        : enrolling && factorId
          ? await deps.mfa.confirmTotp(actor, factorId, code)
          : await deps.mfa.verify(actor, code);
    if (!result.ok) {
      if (result.reason === 'mfa_locked') ctx.set('Retry-After', String(result.retryAfterSeconds ?? 60));
      return showStep(ctx, p.admin, result.message, result.reason === 'mfa_locked' ? 429 : 401);
    }
    const s = ctx.state.session;
    s.regenerate();
    s.delete('csrf');
    s.delete(PENDING_KEY);
    s.delete(ENROL_KEY);
    s.set('adminId', p.admin.id);
    s.set(VERIFIED_KEY, deps.clock.now().toISOString());
    if (enrolling && (await deps.mfa.recoveryCodesLeft(actor.owner)) === 0) {
      ctx.state.admin = p.admin;
      return showNewRecoveryCodes(ctx, deps, actor, undefined, 'Continue');
    }
    seeOther(ctx, p.next);
  });

  /** The admin's own factors and the MFA settings. */
  router.get('/security', admin, async (ctx) => {
    const a = currentAdmin(ctx);
    const owner = adminOwner(a.id);
    const factors = await deps.mfa.factors(owner);
    const settings = await deps.mfa.settings();
    renderAdmin(
      ctx,
      'security',
      'Security',
      html`<h1>Security</h1>
<div class="card"><h2>Your second factors</h2>${
        factors.length
          ? html`<ul>${factors.map((f) => html`<li data-factor="${f.id}">${f.name} (${f.kind === 'totp' ? 'authenticator app' : 'passkey'}, added ${when(f.createdAt)}, last used ${when(f.lastUsedAt)}) ${removeFactorButton(ctx, '/admin/security', f)}</li>`)}</ul>
<p>${await deps.mfa.recoveryCodesLeft(owner)} recovery codes left.</p>`
          : html`<p>You have no second factor.</p><p><a class="button" href="/admin/security/totp">Add an authenticator app</a></p>`
      }</div>
${adminPasskeySection(ctx)}
<form method="post" action="/admin/security/settings" class="card">${csrfField(ctx)}<h2>Multi-factor sign-in</h2>
<label><input type="checkbox" name="requireForAdmins" value="on"${settings.requireForAdmins ? html` checked` : ''}> Require MFA for admins (at their next sign-in)</label>
<label for="graceSeconds">Enrolment grace period for users who must use MFA (seconds, 0: none)</label>
<input type="number" id="graceSeconds" name="graceSeconds" min="0" max="7776000" value="${String(settings.graceSeconds)}">
${await passkeyOnlySetting(deps)}
<button type="submit">Save</button></form>`,
    );
  });
  router.get('/security/totp', admin, async (ctx) => {
    const a = currentAdmin(ctx);
    const e = await enrolment(ctx, a);
    renderAdmin(
      ctx,
      'security',
      'Add an authenticator app',
      enrolForm({
        csrf: csrfToken(ctx),
        action: '/admin/security/totp',
        enrolment: e,
        intro: 'Add an authenticator app to your admin account.',
      }),
    );
  });
  router.post('/security/totp', ...post, async (ctx) => {
    const a = currentAdmin(ctx);
    const actor = actorOf(ctx, a);
    const factorId = ctx.state.session.get<string>(ENROL_KEY);
    const result = factorId ? await deps.mfa.confirmTotp(actor, factorId, text(form(ctx), 'code')) : undefined;
    if (!result?.ok) {
      ctx.state.portalFailure = result && !result.ok ? result.reason : 'mfa_step_expired';
      flash(ctx, 'error', result && !result.ok ? result.message : 'The set-up expired. Scan the new QR code.');
      return seeOther(ctx, '/admin/security/totp');
    }
    ctx.state.session.delete(ENROL_KEY);
    ctx.state.session.set(VERIFIED_KEY, deps.clock.now().toISOString());
    await showNewRecoveryCodes(ctx, deps, actor, 'security', 'Done');
  });
  router.post('/security/done', ...post, (ctx) => seeOther(ctx, '/admin/security'));
  router.post('/security/settings', ...post, async (ctx) => {
    const body = form(ctx);
    const grace = Number(text(body, 'graceSeconds') || '0');
    if (!Number.isInteger(grace) || grace < 0 || grace > 7_776_000) {
      ctx.state.portalFailure = 'validation_failed';
      flash(ctx, 'error', 'The grace period must be a whole number of seconds from 0 to 7776000 (90 days).');
      return seeOther(ctx, '/admin/security');
    }
    await deps.mfa.putSettings({ graceSeconds: grace, requireForAdmins: text(body, 'requireForAdmins') === 'on' });
    await passkeyService(deps).putSettings(text(body, 'allowPasskeyOnly') === 'on');
    flash(ctx, 'ok', 'The MFA settings were saved.');
    seeOther(ctx, '/admin/security');
  });

  /** A user's MFA: factors, "require MFA", reset. */
  router.get('/users/:id/mfa', admin, async (ctx) => {
    const user = await deps.services.directory.getUser(String(ctx.params.id));
    const factors = await deps.mfa.factors(userOwner(user.id));
    const requirement = await deps.mfa.requirementForUser(user.id);
    const userRule = await deps.mfa.hasRule('user', user.id);
    renderAdmin(
      ctx,
      'users',
      `${user.username}: MFA`,
      html`<p><a href="/admin/users/${user.id}">← ${user.username}</a></p>
<h1>Multi-factor sign-in of ${user.username}</h1>
<p>${requirement.required ? `MFA is required (${requirement.sources.join(', ')}).` : 'MFA is not required of this user (application rules may still ask for it).'}</p>
<div class="card"><h2>Factors</h2>${
        factors.length
          ? html`<table class="stack"><thead><tr><th>Name</th><th>Kind</th><th>Added</th><th>Last used</th><th><span class="visually-hidden">Actions</span></th></tr></thead><tbody>${factors.map(
              (f) =>
                html`<tr data-factor="${f.id}"><td data-label="Name">${f.name}</td><td data-label="Kind">${f.kind === 'totp' ? 'Authenticator app' : 'Passkey'}</td><td data-label="Added">${when(f.createdAt)}</td><td data-label="Last used">${when(f.lastUsedAt)}</td><td>${removeFactorButton(ctx, `/admin/users/${user.id}/mfa`, f)}</td></tr>`,
            )}</tbody></table>
<p>${await deps.mfa.recoveryCodesLeft(userOwner(user.id))} recovery codes left.</p>
<form method="post" action="/admin/users/${user.id}/mfa/reset">${csrfField(ctx)}<button type="submit" class="danger">Reset factors</button></form>`
          : html`<p>No second factor.</p>`
      }</div>
<form method="post" action="/admin/users/${user.id}/mfa" class="card">${csrfField(ctx)}
<input type="hidden" name="required" value="${userRule ? 'off' : 'on'}">
<button type="submit">${userRule ? 'Stop requiring MFA of this user' : 'Require MFA of this user'}</button></form>`,
    );
  });
  router.post('/users/:id/mfa', ...post, async (ctx) => {
    const user = await deps.services.directory.getUser(String(ctx.params.id));
    const required = text(form(ctx), 'required') === 'on';
    await deps.mfa.setRule('user', user.id, required);
    flash(
      ctx,
      'ok',
      required ? `${user.username} must use MFA from the next sign-in.` : `MFA is no longer required of ${user.username} in person.`,
    );
    seeOther(ctx, `/admin/users/${user.id}/mfa`);
  });
  adminPasskeyRoutes(router, deps, post, parse, pendingAdmin);
  router.post('/users/:id/mfa/reset', ...post, async (ctx) => {
    const user = await deps.services.directory.getUser(String(ctx.params.id));
    const a = currentAdmin(ctx);
    const n = await deps.mfa.reset({ owner: userOwner(user.id), name: user.username, userId: user.id, initiator: `admin:${a.email}` });
    flash(ctx, 'ok', `${n} factor${n === 1 ? '' : 's'} of ${user.username} removed, with the recovery codes.`);
    seeOther(ctx, `/admin/users/${user.id}/mfa`);
  });
}
