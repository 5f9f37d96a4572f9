// Passkeys in the admin portal: the admin's own passkeys (add, remove) and the passkey at the admin sign-in's
// factor step; revoking one factor of a user; the "allow passkey-only sign-in" setting (mfa/passkeys.ts).
import type { Router } from '@koa/router';
import { csrfToken, html, type SafeHtml } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import type { Admin } from '../../domain.js';
import { adminOwner, type MfaActor, userOwner, type VerifyResult } from '../../mfa/service.js';
import type { MfaFactor, MfaOwner } from '../../store/mfa-types.js';
import type { IdpDeps } from '../deps.js';
import { hasPasskey, passkeyService } from '../mfa/passkey-service.js';
import { passkeyAuthForm, passkeyRegisterForm } from '../mfa/passkey-views.js';
import { currentAdmin } from './kit/admin-session.js';
import { flash, seeOther } from './kit/flash.js';
import { form, text } from './kit/form-body.js';
import { csrfField } from './kit/layout.js';
import { showNewRecoveryCodes } from './recovery-codes-page.js';

const json = (ctx: ParameterizedContext, status: number, body: unknown) => {
  ctx.status = status;
  ctx.body = body;
};

/** "Use a passkey" beside the code at the admin sign-in, when the admin has one. */
export async function adminPasskeyStep(deps: IdpDeps, ctx: ParameterizedContext, a: Admin): Promise<SafeHtml | ''> {
  if (!(await hasPasskey(deps, adminOwner(a.id)))) return '';
  return html`<section class="card narrow">${passkeyAuthForm({
    csrf: csrfToken(ctx),
    action: '/admin/login/mfa',
    optionsUrl: '/admin/login/mfa/passkey-options',
    button: 'Use a passkey',
    intro: 'Or use one of your passkeys.',
  })}</section>`;
}

/** The passkey step of the admin sign-in, as a verification result of the factor step. */
export async function verifyAdminPasskey(
  deps: IdpDeps,
  ctx: ParameterizedContext,
  owner: MfaOwner,
  credential: string,
): Promise<VerifyResult> {
  const result = await passkeyService(deps).authenticate(owner, credential, ctx.ip);
  return result.ok ? { ok: true, method: 'hwk', factor: result.factor } : { ok: false, reason: 'invalid_code', message: result.message };
}

export function adminPasskeySection(ctx: ParameterizedContext): SafeHtml {
  return html`<div class="card"><h2>Add a passkey</h2>
${passkeyRegisterForm({ csrf: csrfToken(ctx), action: '/admin/security/passkeys', optionsUrl: '/admin/security/passkeys/options' })}</div>`;
}

export async function passkeyOnlySetting(deps: IdpDeps): Promise<SafeHtml> {
  const { allowPasskeyOnly } = await passkeyService(deps).settings();
  return html`<label><input type="checkbox" name="allowPasskeyOnly" value="on"${allowPasskeyOnly ? html` checked` : ''}> Allow passkey-only sign-in (users sign in with a passkey alone, without username or password)</label>`;
}

export function removeFactorButton(ctx: ParameterizedContext, base: string, f: MfaFactor): SafeHtml {
  return html`<form method="post" action="${base}/factors/${f.id}/remove" class="inline">${csrfField(ctx)}<button type="submit" class="secondary" aria-label="Remove ${f.name}">Remove</button></form>`;
}

export function adminPasskeyRoutes(
  router: Router,
  deps: IdpDeps,
  post: Middleware[],
  parse: Middleware[],
  pendingAdmin: (ctx: ParameterizedContext) => Promise<{ admin: Admin } | undefined>,
): void {
  const passkeys = passkeyService(deps);
  const actorOf = (ctx: ParameterizedContext, a: Admin): MfaActor => ({ owner: adminOwner(a.id), name: a.email, userId: null, ip: ctx.ip });

  router.post('/login/mfa/passkey-options', ...parse, async (ctx) => {
    const p = await pendingAdmin(ctx);
    if (!p) return json(ctx, 401, { message: 'This verification step has expired. Sign in again.' });
    const owner = adminOwner(p.admin.id);
    if (!(await hasPasskey(deps, owner))) return json(ctx, 409, { message: 'You have no passkey. Use another factor.' });
    json(ctx, 200, await passkeys.authenticationOptions(owner));
  });

  router.post('/security/passkeys/options', ...post, async (ctx) => {
    const a = currentAdmin(ctx);
    json(ctx, 200, await passkeys.registrationOptions(adminOwner(a.id), a.email, a.email));
  });

  router.post('/security/passkeys', ...post, async (ctx) => {
    const a = currentAdmin(ctx);
    const body = form(ctx);
    const actor = actorOf(ctx, a);
    const result = await passkeys.register(actor.owner, text(body, 'credential').slice(0, 64 * 1024), text(body, 'name'), ctx.ip);
    if (!result.ok) {
      ctx.state.portalFailure = result.reason;
      flash(ctx, 'error', result.message);
      return seeOther(ctx, '/admin/security');
    }
    if ((await deps.mfa.recoveryCodesLeft(actor.owner)) > 0) {
      flash(ctx, 'ok', `The passkey "${result.factor.name}" was added.`);
      return seeOther(ctx, '/admin/security');
    }
    await showNewRecoveryCodes(ctx, deps, actor, 'security', 'Done');
  });

  router.post('/security/factors/:factorId/remove', ...post, async (ctx) => {
    const a = currentAdmin(ctx);
    const removed = await deps.mfa.removeFactor({ owner: adminOwner(a.id), name: a.email, userId: null }, String(ctx.params.factorId));
    flash(ctx, removed ? 'ok' : 'error', removed ? 'The factor was removed.' : 'There is no such factor on your account.');
    seeOther(ctx, '/admin/security');
  });

  /** Revoking one factor of a user (a lost passkey), an mfa_remove event naming the admin. */
  router.post('/users/:id/mfa/factors/:factorId/remove', ...post, async (ctx) => {
    const user = await deps.services.directory.getUser(String(ctx.params.id));
    const a = currentAdmin(ctx);
    const removed = await deps.mfa.removeFactor(
      { owner: userOwner(user.id), name: user.username, userId: user.id, initiator: `admin:${a.email}` },
      String(ctx.params.factorId),
    );
    flash(ctx, removed ? 'ok' : 'error', removed ? `The factor of ${user.username} was removed.` : 'There is no such factor.');
    seeOther(ctx, `/admin/users/${user.id}/mfa`);
  });
}
