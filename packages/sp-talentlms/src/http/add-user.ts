// GET/POST /account/users/new: the Super Admin's "Add user" page (lms/add-user.ts).
import { csrfToken, noCache, parseBody, requireCsrf } from '@samlbridge/web';
import type { Middleware } from 'koa';
import type { SpDeps } from '../deps.js';
import { addUser, type NewUserForm, NewUserProblems } from '../lms/add-user.js';
import { addUserPage } from '../views/add-user-page.js';
import { renderPage } from '../views/layout.js';
import { requireSuperAdmin } from './auth.js';

export function addUserEndpoints({ store, clock, config, services }: SpDeps) {
  const show: Middleware = async (ctx) => {
    renderPage(ctx, 'Add user', addUserPage(csrfToken(ctx)), ctx.state.user);
  };
  const create: Middleware = async (ctx) => {
    const body = ((ctx.request as { body?: Record<string, unknown> }).body ?? {}) as Record<string, unknown>;
    const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    const form: NewUserForm = {
      login: str('login').trim(),
      email: str('email').trim(),
      firstName: str('firstName'),
      lastName: str('lastName'),
      signIn: str('signIn') === 'password' ? 'password' : 'sso',
      password: str('password'),
    };
    try {
      const user = await addUser(store, clock, config.adminUser, ctx.state.tenant.id, form, config.passwordHashCost);
      await services.audit.record({
        tenant: ctx.state.tenant.id,
        type: 'user_added',
        success: true,
        user: user.login,
        detail: form.signIn,
      });
    } catch (err) {
      if (!(err instanceof NewUserProblems)) throw err;
      ctx.status = 400;
      renderPage(ctx, 'Add user', addUserPage(csrfToken(ctx), { ...form, password: '' }, err.problems), ctx.state.user);
      return;
    }
    ctx.status = 303;
    ctx.redirect('/account/users?done=added');
  };
  return {
    show: [noCache, requireSuperAdmin, show] as Middleware[],
    create: [noCache, parseBody(), requireSuperAdmin, requireCsrf, create] as Middleware[],
  };
}
