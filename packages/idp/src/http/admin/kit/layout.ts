// The admin portal's page layout: sidebar navigation, the flash of the previous action, the account box.
import { csrfToken, html, page, type SafeHtml } from '@samlbridge/web';
import type { ParameterizedContext } from 'koa';
import { BRAND } from '../../pages.js';
import { restoredForm } from './expired-form.js';
import { takeFlash } from './flash.js';

/** The portal's sections, grouped as in JumpCloud's sidebar (article: "USER AUTHENTICATION → SSO Applications"). */
const NAV_GROUPS = [
  [
    'User Management',
    [
      ['users', '/admin/users', 'Users'],
      ['groups', '/admin/groups', 'User Groups'],
    ],
  ],
  [
    'User Authentication',
    [
      ['applications', '/admin/applications', 'SSO Applications'],
      ['security', '/admin/security', 'MFA and Security'],
    ],
  ],
  ['Insights', [['insights', '/admin/insights', 'Directory Insights']]],
] as const;

export type Section = 'applications' | 'users' | 'groups' | 'insights' | 'security';

function sidebar(section: Section): SafeHtml {
  return html`<nav class="sidebar" aria-label="Admin portal">${NAV_GROUPS.map(
    ([group, items]) =>
      html`<p class="nav-group" aria-hidden="true">${group}</p><ul aria-label="${group}">${items.map(
        ([key, href, label]) => html`<li><a href="${href}"${key === section ? html` aria-current="page"` : ''}>${label}</a></li>`,
      )}</ul>`,
  )}</nav>`;
}

/** The admin layout: sidebar navigation, the flash message of the previous action, the page. */
export function renderAdmin(ctx: ParameterizedContext, section: Section | undefined, title: string, body: SafeHtml): void {
  const f = takeFlash(ctx);
  const admin = ctx.state.admin;
  const account =
    section && admin
      ? html`<span class="who">${admin.email}</span><form method="post" action="/admin/logout" class="inline"><input type="hidden" name="_csrf" value="${csrfToken(ctx)}"><button type="submit" class="secondary">Sign out</button></form>`
      : undefined;
  const message = html`${f ? html`<div class="alert ${f.kind}" role="${f.kind === 'error' ? 'alert' : 'status'}">${f.message}</div>` : ''}${restoredForm(ctx)}`;
  const content = section
    ? html`<div class="with-sidebar">${sidebar(section)}<div class="content">${message}${body}</div></div>`
    : html`${message}${body}`;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-cache, no-store');
  ctx.body = page({
    title: `${title} · Admin`,
    brand: `${BRAND} admin`,
    body: content,
    account,
    theme: 'idp',
    wide: section !== undefined,
  });
}

export const csrfField = (ctx: ParameterizedContext) => html`<input type="hidden" name="_csrf" value="${csrfToken(ctx)}">`;
