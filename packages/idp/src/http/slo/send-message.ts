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
  type MessageSigningKey,
  renderPostForm,
  signRedirectQuery,
} from '@samlbridge/protocol';
import type { ParameterizedContext } from 'koa';
import type { IdpDeps } from '../deps.js';

function withQuery(endpoint: string, query: string): string {
  const base = endpoint.split('#')[0] as string;
  return `${base}${base.includes('?') ? '&' : '?'}${query}`;
}

interface LogoutMessageKind<I> {
  field: 'SAMLRequest' | 'SAMLResponse';
  /** The message with its enveloped signature (HTTP-POST). */
  signed: (input: I, key: MessageSigningKey) => string;
  /** The message alone: HTTP-Redirect signs the query instead. */
  unsigned: (input: I) => string;
}

type SendLogoutMessage<I> = (ctx: ParameterizedContext, deps: IdpDeps, binding: LogoutBinding, input: I, relayState?: string) => void;

function sender<I extends { destination: string }>({ field, signed, unsigned }: LogoutMessageKind<I>): SendLogoutMessage<I> {
  return (ctx, deps, binding, input, relayState) => {
    if (binding === 'post') {
      ctx.set('Cache-Control', 'no-cache, no-store');
      ctx.type = 'text/html; charset=utf-8';
      const fields = { [field]: encodePost(signed(input, deps.messageSigningKey)), RelayState: relayState };
      ctx.body = renderPostForm({ action: input.destination, fields, purpose: 'sign-out' });
      return;
    }
    const query = signRedirectQuery({
      [field]: encodeRedirect(unsigned(input)),
      ...(relayState !== undefined ? { RelayState: relayState } : {}),
      privateKeyPem: deps.messageSigningKey.privateKeyPem,
    });
    ctx.redirect(withQuery(input.destination, query));
  };
}

export const sendLogoutRequest = sender<LogoutRequestInput>({
  field: 'SAMLRequest',
  signed: buildSignedLogoutRequest,
  unsigned: buildLogoutRequest,
});

export const sendLogoutResponse = sender<LogoutResponseInput>({
  field: 'SAMLResponse',
  signed: buildSignedLogoutResponse,
  unsigned: buildLogoutResponse,
});

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
