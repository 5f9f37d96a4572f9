// The user page's "End this user's sessions" card (CSRF, a ticked confirmation): every IdP session of the user ends
// (slo/end-user-sessions.ts). The flash says which applications could not be told, as the Directory Insights event does.
import { html, type SafeHtml } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import { adminError } from '../../admin-errors.js';
import type { IdpDeps } from '../deps.js';
import { endUserSessions } from '../slo/end-user-sessions.js';
import { action } from './kit/form-action.js';
import { csrfField } from './kit/layout.js';

export function endSessionsCard(ctx: ParameterizedContext, userId: string): SafeHtml {
  return html`<form method="post" action="/admin/users/${userId}/end-sessions" class="card" id="end-sessions">${csrfField(ctx)}
<h2>Sessions</h2>
<p>Signs the user out of the user console everywhere; the next application launch asks for the password again. Applications
the user already opened keep their own session until it expires: they cannot be told without the user's browser.</p>
<label><input type="checkbox" name="confirm" value="yes" required> End every session of this user now</label>
<button type="submit" class="danger">End this user's sessions</button></form>`;
}

export const endSessions = (deps: IdpDeps): Middleware =>
  action(
    async (ctx, body) => {
      const id = String(ctx.params.id ?? '');
      if (body.confirm !== 'yes') throw adminError('confirmation_required');
      const ended = await endUserSessions(deps, id, `admin:${ctx.state.admin?.email ?? 'unknown'}`);
      const notTold = ended.notTold.map((a) => a.label).join(', ');
      return {
        to: `/admin/users/${ended.userId}`,
        message: `Every session of ${ended.username} has ended.${notTold ? ` Not told (still signed in there until their session expires): ${notTold}.` : ''}`,
      };
    },
    (ctx) => `/admin/users/${String(ctx.params.id ?? '')}`,
  );
