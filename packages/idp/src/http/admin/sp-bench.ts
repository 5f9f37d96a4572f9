// SSO Applications → one application → SP test bench: deliberately broken Responses (bench/broken-responses.ts)
// for a user bound to the application, each with what a correct SP must do. "Launch" posts one from the admin's
// browser (the auto-posting form, external script) to the application's registered ACS; "Run all" posts every
// case server-side to that ACS and records which the SP accepted. Admin only; every POST carries the CSRF token and
// is an admin_portal event (kit/audit-portal.ts) plus an sp_bench detail event with the cases and results.
import { encodePost, renderPostForm } from '@samlbridge/protocol';
import { html, type SafeHtml } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import { adminError } from '../../admin-errors.js';
import { BENCH_CASES, type BenchCaseId, buildBenchCase, isBenchCaseId } from '../../bench/broken-responses.js';
import { type BenchVerdict, postToAcs } from '../../bench/post-to-acs.js';
import type { ResolvedApplication, User } from '../../domain.js';
import type { IdpDeps } from '../deps.js';
import { panel } from './application-panel.js';
import { seeOther } from './kit/flash.js';
import { form, text } from './kit/form-body.js';
import { csrfField } from './kit/layout.js';

const appId = (ctx: ParameterizedContext) => String(ctx.params.id ?? '');

interface BenchRun {
  at: string;
  user: string;
  results: { id: BenchCaseId; verdict: BenchVerdict; detail: string }[];
}

async function samlApp({ services }: IdpDeps, ctx: ParameterizedContext): Promise<ResolvedApplication> {
  const app = await services.directory.findApplication(appId(ctx));
  if (!app) throw adminError('not_found', 'There is no such application.');
  if (app.kind === 'bookmark' || app.acsUrls.length === 0) {
    throw adminError('validation_failed', 'The SP test bench needs a SAML application with a registered ACS URL.');
  }
  return app;
}

/** Users in a group bound to the application: only they could get a real Response for it. */
async function boundUsers({ store, services }: IdpDeps, app: ResolvedApplication): Promise<User[]> {
  const ids = new Set<string>();
  for (const groupId of await store.applications.listBoundGroupIds(app.id)) {
    for (const userId of await store.groups.listMemberIds(groupId)) ids.add(userId);
  }
  const users = await Promise.all([...ids].map((id) => services.directory.findUser(id)));
  return users.filter((u): u is User => u !== undefined).sort((a, b) => a.username.localeCompare(b.username));
}

async function pickedUser(deps: IdpDeps, app: ResolvedApplication, ctx: ParameterizedContext): Promise<User> {
  const wanted = text(form(ctx), 'user');
  const user = (await boundUsers(deps, app)).find((u) => u.id === wanted);
  if (!user) throw adminError('user_not_assigned', 'Pick a user who is in a group bound to this application.');
  return user;
}

const VERDICT: Record<BenchVerdict, string> = { accepted: 'Accepted', refused: 'Refused', unreachable: 'Not reached' };

function runTable(run: BenchRun): SafeHtml {
  const wrong = run.results.filter((r) => r.verdict !== 'unreachable' && (r.verdict === 'accepted') !== (r.id === 'valid'));
  return html`<section class="card" aria-labelledby="run-title"><h2 id="run-title">Last run: ${run.at.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}, as ${run.user}</h2>
<p>${wrong.length === 0 ? 'The service provider did what a correct SP must do with every case.' : html`<strong>${String(wrong.length)} case${wrong.length === 1 ? '' : 's'} went wrong</strong>: see the rows marked “Wrong”.`}</p>
<div class="table-scroll" tabindex="0" role="region" aria-label="Results of Run all, scrollable"><table><caption>Results of Run all</caption><thead><tr><th scope="col">Case</th><th scope="col">Result</th><th scope="col">Expected</th><th scope="col">What the SP answered</th></tr></thead><tbody>${run.results.map(
    (r) => {
      const c = BENCH_CASES.find((x) => x.id === r.id);
      const ok = r.verdict !== 'unreachable' && (r.verdict === 'accepted') === c?.expectAccept;
      return html`<tr><td>${c?.title ?? r.id}</td><td><span class="badge ${ok ? 'ok' : 'problem'}">${ok ? 'Right' : 'Wrong'}</span> ${VERDICT[r.verdict]}</td><td>${c?.expectAccept ? 'Accepted' : 'Refused'}</td><td>${r.detail}</td></tr>`;
    },
  )}</tbody></table></div></section>`;
}

export const showBench =
  (deps: IdpDeps): Middleware =>
  async (ctx) => {
    const app = await samlApp(deps, ctx);
    const users = await boundUsers(deps, app);
    const run = ctx.state.session.get<BenchRun & { app: string }>('spBenchRun');
    const acs = app.acsUrls[0] as string;
    const userSelect = (id: string) =>
      html`<label for="${id}">Test user <span class="hint">(in a group bound to ${app.displayLabel})</span></label><select id="${id}" name="user" required>${users.map(
        (u) => html`<option value="${u.id}">${u.username}</option>`,
      )}</select>`;
    panel(
      ctx,
      app,
      'bench',
      html`<h2>SP test bench</h2>
<p>Deliberately broken SAML Responses for ${app.displayLabel}, signed by this identity provider, and what a correct service provider must do with each. Everything is posted to the registered ACS URL only: <code>${acs}</code>.</p>
${
  users.length === 0
    ? html`<div class="alert warn">No user can be picked: add a user to a group bound to this application (User Groups tab) first.</div>`
    : html`<form method="post" action="/admin/applications/${app.id}/bench/run" class="card">${csrfField(ctx)}
<h3>Run all, server-side</h3>
<p class="hint">This identity provider posts every case to the ACS itself and records which the SP accepted. Success detection is heuristic: an answer that redirects and sets a cookie counts as “signed in”, anything else as “refused”. It is exact for the TalentLMS-like SP (a redirect into the LMS with its session cookie, or its error page); for another SP, check doubtful results with Launch.</p>
${userSelect('run-user')}
<button type="submit">Run all</button></form>`
}
${run && run.app === app.id ? runTable(run) : ''}
<h3>Cases</h3>
<ol class="checks">${BENCH_CASES.map(
        (c) =>
          html`<li class="check bench-case"><div><strong>${c.title}</strong><p>${c.mustDo}</p>${
            users.length === 0
              ? ''
              : html`<form method="post" action="/admin/applications/${app.id}/bench/launch" class="inline">${csrfField(ctx)}<input type="hidden" name="case" value="${c.id}">${userSelect(`launch-user-${c.id}`)}<button type="submit" class="secondary" aria-label="Launch: ${c.title}">Launch</button></form>`
          }</div></li>`,
      )}</ol>`,
    );
  };

async function benchEvent(deps: IdpDeps, ctx: ParameterizedContext, app: ResolvedApplication, detail: Record<string, unknown>) {
  await deps.services.events.record({
    type: 'admin_portal',
    initiator: `admin:${ctx.state.admin?.email ?? 'unknown'}`,
    resource: `sp-bench ${app.name}`,
    application: app.name,
    success: true,
    detail,
  });
}

/** POST …/bench/launch: the case's Response in an auto-posting form to the registered ACS (a replay is first posted once server-side). */
export const launchBenchCase =
  (deps: IdpDeps): Middleware =>
  async (ctx) => {
    const app = await samlApp(deps, ctx);
    const id = text(form(ctx), 'case');
    if (!isBenchCaseId(id)) throw adminError('validation_failed', 'Pick one of the listed cases.');
    const user = await pickedUser(deps, app, ctx);
    const acs = app.acsUrls[0] as string;
    const messages = await buildBenchCase(deps, app, user, id);
    for (const first of messages.slice(0, -1)) await postToAcs(acs, first);
    await benchEvent(deps, ctx, app, { action: 'launch', case: id, user: user.username, acsUrl: acs });
    ctx.set('Cache-Control', 'no-cache, no-store');
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = renderPostForm({
      action: acs,
      fields: { SAMLResponse: encodePost(messages.at(-1) as string) },
      title: `SP test bench: ${id}`,
    });
  };

/** POST …/bench/run: every case, server-side, the verdicts kept in the admin session for the page. */
export const runBench =
  (deps: IdpDeps): Middleware =>
  async (ctx) => {
    const app = await samlApp(deps, ctx);
    const user = await pickedUser(deps, app, ctx);
    const acs = app.acsUrls[0] as string;
    const results: BenchRun['results'] = [];
    for (const c of BENCH_CASES) {
      const messages = await buildBenchCase(deps, app, user, c.id);
      let outcome = { verdict: 'unreachable' as BenchVerdict, detail: '' };
      for (const xml of messages) outcome = await postToAcs(acs, xml);
      results.push({ id: c.id, ...outcome });
    }
    const run = { app: app.id, at: deps.clock.now().toISOString(), user: user.username, results };
    ctx.state.session.set('spBenchRun', run);
    await benchEvent(deps, ctx, app, {
      action: 'run',
      user: user.username,
      acsUrl: acs,
      results: results.map((r) => `${r.id}:${r.verdict}`),
    });
    seeOther(ctx, `/admin/applications/${app.id}/bench`);
  };
