// GET /account/users/sso/sign-ins (the sign-in log) and /account/users/sso/sign-ins/:id (one trace): Super Admin only.

import { noCache } from '@samlbridge/web';
import type { Middleware } from 'koa';
import type { SpDeps } from '../deps.js';
import { spError } from '../sp-errors.js';
import { renderPage } from '../views/layout.js';
import { signInLogPage, signInTracePage } from '../views/sign-in-log.js';
import { requireSuperAdmin } from './auth.js';

const LOG_LIMIT = 100;

export function signInLogEndpoints({ store, config }: SpDeps) {
  const list: Middleware = async (ctx) => {
    const traces = await store.signInTraces.list(ctx.state.tenant.id, { limit: LOG_LIMIT });
    renderPage(ctx, 'Sign-in log', signInLogPage(traces, config.traceRetentionDays), ctx.state.user);
  };
  const show: Middleware = async (ctx) => {
    const trace = await store.signInTraces.get(ctx.state.tenant.id, String(ctx.params?.id ?? ''));
    if (!trace) throw spError('not_found', 'There is no such sign-in trace: it may have expired.');
    const requestXml = trace.inResponseTo ? await store.sentAuthnRequests.get(ctx.state.tenant.id, trace.inResponseTo) : undefined;
    renderPage(ctx, 'Sign-in trace', signInTracePage(trace, requestXml), ctx.state.user);
  };
  return {
    list: [noCache, requireSuperAdmin, list] as Middleware[],
    show: [noCache, requireSuperAdmin, show] as Middleware[],
  };
}
