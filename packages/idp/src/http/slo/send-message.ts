// Sends a Single Logout message through the browser: HTTP-Redirect with the detached query signature
// (saml-bindings §3.4.4.1) or HTTP-POST with an enveloped signature in an auto-submitting form (saml-bindings §3.5.4;
// no inline script: /assets/autopost.js submits it, without JS the person presses Continue).
import { connect } from 'node:net';
import {
  buildLogoutRequest,
  buildLogoutResponse,
  buildSignedLogoutRequest,
  buildSignedLogoutResponse,
  encodePost,
  encodeRedirect,
  type LogoutBinding,
  type LogoutRequestInput,
  type LogoutResponseInput,
  renderPostForm,
  signRedirectQuery,
} from '@samlbridge/protocol';
import type { ParameterizedContext } from 'koa';
import type { IdpDeps } from '../deps.js';

function withQuery(endpoint: string, query: string): string {
  const base = endpoint.split('#')[0] as string;
  return `${base}${base.includes('?') ? '&' : '?'}${query}`;
}

function post(ctx: ParameterizedContext, action: string, field: 'SAMLRequest' | 'SAMLResponse', xml: string, relayState?: string): void {
  ctx.set('Cache-Control', 'no-cache, no-store');
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = renderPostForm({ action, fields: { [field]: encodePost(xml), RelayState: relayState }, purpose: 'sign-out' });
}

export function sendLogoutRequest(
  ctx: ParameterizedContext,
  deps: IdpDeps,
  binding: LogoutBinding,
  input: LogoutRequestInput,
  relayState?: string,
): void {
  if (binding === 'post') {
    post(ctx, input.destination, 'SAMLRequest', buildSignedLogoutRequest(input, deps.messageSigningKey), relayState);
    return;
  }
  const query = signRedirectQuery({
    SAMLRequest: encodeRedirect(buildLogoutRequest(input)),
    ...(relayState !== undefined ? { RelayState: relayState } : {}),
    privateKeyPem: deps.messageSigningKey.privateKeyPem,
  });
  ctx.redirect(withQuery(input.destination, query));
}

export function sendLogoutResponse(
  ctx: ParameterizedContext,
  deps: IdpDeps,
  binding: LogoutBinding,
  input: LogoutResponseInput,
  relayState?: string,
): void {
  if (binding === 'post') {
    post(ctx, input.destination, 'SAMLResponse', buildSignedLogoutResponse(input, deps.messageSigningKey), relayState);
    return;
  }
  const query = signRedirectQuery({
    SAMLResponse: encodeRedirect(buildLogoutResponse(input)),
    ...(relayState !== undefined ? { RelayState: relayState } : {}),
    privateKeyPem: deps.messageSigningKey.privateKeyPem,
  });
  ctx.redirect(withQuery(input.destination, query));
}

/**
 * Whether a participant's SLO endpoint accepts TCP connections at all (a bounded probe, so a participant that is
 * down is skipped, not a dead end for the person's browser).
 */
export function endpointReachable(url: string, timeoutMs = 2000): Promise<boolean> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve(false);
  }
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  return new Promise((resolve) => {
    const socket = connect({ host: target.hostname.replace(/^\[|\]$/g, ''), port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
