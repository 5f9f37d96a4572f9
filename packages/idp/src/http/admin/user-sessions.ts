// The user page's "End this user's sessions" card (CSRF, a ticked confirmation): every IdP session of the user ends
// (slo/end-user-sessions.ts); applications with a SOAP Single Logout URL are told over the back channel. After the
// action the card lists each application's outcome once (kept in the admin session across POST → 303 → GET).
import { html, type SafeHtml } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import { adminError } from '../../admin-errors.js';
import type { IdpDeps } from '../deps.js';
import { type EndedUserSessions, endUserSessions } from '../slo/end-user-sessions.js';
import { action } from './kit/form-action.js';
import { csrfField } from './kit/layout.js';

const RESULT_KEY = 'endSessionsResult';

const OUTCOME_TEXT: Record<string, string> = {
  confirmed: 'signed out (confirmed)',
  partial: 'signed out only partly',
  refused: 'answer refused',
  failed: 'did not sign out',
  unreachable: 'could not be reached',
  timeout: 'did not answer in time',
};

function resultList(result: Pick<EndedUserSessions, 'told' | 'notTold'>): SafeHtml {
  const rows = [
    ...result.told.map(
      (t) =>
        html`<li data-app="${t.application}" data-outcome="${t.outcome}"><strong>${t.label}</strong>: ${OUTCOME_TEXT[t.outcome] ?? t.outcome}${
          t.reason ? html` <span class="hint">(${t.reason})</span>` : ''
        }</li>`,
    ),
    ...result.notTold.map(
      (a) =>
        html`<li data-app="${a.application}" data-outcome="not_told"><strong>${a.label}</strong>: not told (needs the person's browser; no SOAP Single Logout URL)</li>`,
    ),
  ];
  return rows.length ? html`<ul class="slo-results" aria-label="Applications">${rows}</ul>` : html``;
}

export function endSessionsCard(ctx: ParameterizedContext, userId: string): SafeHtml {
  const last = ctx.state.session.get<{ userId: string } & Pick<EndedUserSessions, 'told' | 'notTold'>>(RESULT_KEY);
  if (last) ctx.state.session.delete(RESULT_KEY);
  return html`<form method="post" action="/admin/users/${userId}/end-sessions" class="card" id="end-sessions">${csrfField(ctx)}
<h2>Sessions</h2>
<p>Signs the user out of the user console everywhere; the next application launch asks for the password again. Applications
with a SOAP Single Logout URL are told at once (back channel); the others keep their own session until it expires: they
cannot be told without the user's browser.</p>
${last && last.userId === userId ? resultList(last) : ''}
<label><input type="checkbox" name="confirm" value="yes" required> End every session of this user now</label>
<button type="submit" class="danger">End this user's sessions</button></form>`;
}

export const endSessions = (deps: IdpDeps): Middleware =>
  action(
    async (ctx, body) => {
      const id = String(ctx.params.id ?? '');
      if (body.confirm !== 'yes') throw adminError('confirmation_required');
      const ended = await endUserSessions(deps, id, `admin:${ctx.state.admin?.email ?? 'unknown'}`);
      ctx.state.session.set(RESULT_KEY, { userId: ended.userId, told: ended.told, notTold: ended.notTold });
      const notTold = ended.notTold.map((a) => a.label).join(', ');
      const unconfirmed = ended.told.filter((t) => t.outcome !== 'confirmed').map((t) => t.label);
      const confirmed = ended.told.filter((t) => t.outcome === 'confirmed').map((t) => t.label);
      return {
        to: `/admin/users/${ended.userId}`,
        message: `Every session of ${ended.username} has ended.${confirmed.length ? ` Signed out by Single Logout: ${confirmed.join(', ')}.` : ''}${
          unconfirmed.length ? ` Did not confirm: ${unconfirmed.join(', ')}.` : ''
        }${notTold ? ` Not told (still signed in there until their session expires): ${notTold}.` : ''}`,
      };
    },
    (ctx) => `/admin/users/${String(ctx.params.id ?? '')}`,
  );
