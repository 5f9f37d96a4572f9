// A small SCIM 2.0 client (RFC 7644): what the provisioning worker, the activation check and
// the import need. Keep-alive comes from Node's fetch (undici global agent).
import { channel } from 'node:diagnostics_channel';
import { SamlbridgeError } from '@samlbridge/errors';
import {
  SCIM_MEDIA_TYPE,
  SCIM_SCHEMAS,
  type ScimListResponse,
  type ScimPatchOp,
  type ScimResource,
  type ScimUser,
  usernameKey,
} from '@samlbridge/protocol';
import { ADMIN_ERRORS, type AdminErrorCode } from '../admin-errors.js';
import { type RateLimitInfo, readRateLimit } from './rate-limit-headers.js';
import { eqFilter } from './scim-filter.js';

export type ScimFailureKind = 'http' | 'network' | 'tls' | 'timeout' | 'invalid_response';

/** A failed SCIM request: transient ones (network, timeout, 5xx, 408, 429) are retried by the worker. */
export class ScimRequestError extends SamlbridgeError {
  constructor(
    readonly kind: ScimFailureKind,
    message: string,
    readonly httpStatus: number | undefined,
    readonly scimType: string | undefined,
    /** The SP's own words (SCIM `detail`), or the network error. */
    readonly spMessage: string,
    readonly retryAfterMs: number | undefined,
    cause?: unknown,
    /** Node's error code of a network or TLS failure (e.g. `DEPTH_ZERO_SELF_SIGNED_CERT`). */
    readonly networkCode?: string,
  ) {
    super('scim_request_failed' satisfies AdminErrorCode, message, {
      status: ADMIN_ERRORS.scim_request_failed.status,
      expose: true,
      details: { httpStatus, scimType },
      cause,
    });
  }

  get transient(): boolean {
    if (this.kind === 'network' || this.kind === 'timeout') return true;
    const s = this.httpStatus ?? 0;
    return s >= 500 || s === 408 || s === 429;
  }

  /**
   * The application asked us to slow down (429, RFC 6585 §4), or is briefly unavailable and said until when (503
   * with Retry-After, RFC 9110 §15.6.4): not a failure of the change, which simply waits.
   */
  get rateLimited(): boolean {
    return this.httpStatus === 429 || (this.httpStatus === 503 && this.retryAfterMs !== undefined);
  }
}

const TLS_CODE = /CERT|SSL|TLS|UNABLE_TO_(GET|VERIFY)|SELF_SIGNED/i;

/** RFC 7231 §7.1.3: delay-seconds or an HTTP-date. */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** A request's HTTP status, or `error` when no answer came (network failure, timeout). */
export type RequestResult = number | 'error';

/** Paces the requests of one integration (pacer.ts): a slot before each request (released with its result), the answer's budget after. */
export interface RequestPacer {
  acquire(): Promise<(result?: RequestResult) => void>;
  observe(status: number, info: RateLimitInfo | undefined, retryAfterMs: number | undefined): void;
}

export interface ScimClientOptions {
  baseUrl: string;
  token: string;
  timeoutMs?: number;
  now?: () => Date;
  pacer?: RequestPacer;
}

/** diagnostics_channel the client publishes `{ status }` on after every request (`error` without an answer): /metrics. */
export const SCIM_SENT_CHANNEL = 'samlbridge:scim-request-sent';
const scimSent = channel(SCIM_SENT_CHANNEL);

export function createScimClient({ baseUrl, token, timeoutMs = 15000, now = () => new Date(), pacer }: ScimClientOptions) {
  const base = baseUrl.replace(/\/+$/, '');

  async function request<T>(
    method: string,
    path: string,
    body?: unknown,
    expect: number[] = [200],
    /** Sending it twice ends the same (idempotent methods; a create the SP refuses twice with 409 uniqueness). */
    repeatable = method !== 'POST',
  ): Promise<{ status: number; body: T }> {
    const url = `${base}${path}`;
    const what = `${method} ${path.split('?')[0]}`;
    let res: Response;
    const release = pacer ? await pacer.acquire() : undefined;
    const send = () =>
      fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: `${SCIM_MEDIA_TYPE}, application/json`,
          ...(body === undefined ? {} : { 'content-type': SCIM_MEDIA_TYPE }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
    try {
      try {
        res = await send();
      } catch (err) {
        // A kept-alive connection the SP closed while it sat idle (e.g. through a pause) is reset when reused: once
        // more on a fresh one, when sending twice is harmless.
        if (!repeatable || !isConnectionReset(err)) throw err;
        res = await send();
      }
    } catch (err) {
      release?.('error');
      if (scimSent.hasSubscribers) scimSent.publish({ status: 'error' });
      throw networkError(err, what, url);
    }
    release?.(res.status);
    if (scimSent.hasSubscribers) scimSent.publish({ status: res.status });
    const retryAfter = parseRetryAfter(res.headers.get('retry-after'), now());
    pacer?.observe(res.status, readRateLimit(res.headers, now()), retryAfter);
    const text = await res.text().catch(() => '');
    if (!expect.includes(res.status)) {
      let scimType: string | undefined;
      let detail = text.slice(0, 300);
      try {
        const parsed = JSON.parse(text) as { detail?: unknown; scimType?: unknown; message?: unknown };
        if (typeof parsed.detail === 'string') detail = parsed.detail;
        else if (typeof parsed.message === 'string') detail = parsed.message;
        if (typeof parsed.scimType === 'string') scimType = parsed.scimType;
      } catch {
        // not JSON: keep the start of the body
      }
      const retryAfterMs = retryAfter;
      throw new ScimRequestError(
        'http',
        `${what} → ${res.status}${scimType ? ` ${scimType}` : ''}: ${detail || res.statusText}`,
        res.status,
        scimType,
        detail || res.statusText,
        retryAfterMs,
      );
    }
    if (text === '') return { status: res.status, body: undefined as T };
    try {
      return { status: res.status, body: JSON.parse(text) as T };
    } catch (cause) {
      throw new ScimRequestError(
        'invalid_response',
        `${what} → ${res.status} with a body that is not JSON`,
        res.status,
        undefined,
        'invalid JSON',
        undefined,
        cause,
      );
    }
  }

  const users = (query: URLSearchParams) => request<ScimListResponse<ScimUser>>('GET', `/Users?${query}`);

  return {
    baseUrl: base,
    request,
    serviceProviderConfig: () => request<Record<string, unknown>>('GET', '/ServiceProviderConfig').then((r) => r.body),
    listUsers(options: { filter?: string; startIndex?: number; count?: number } = {}) {
      const q = new URLSearchParams();
      if (options.filter) q.set('filter', options.filter);
      if (options.startIndex) q.set('startIndex', String(options.startIndex));
      if (options.count !== undefined) q.set('count', String(options.count));
      return users(q).then((r) => r.body);
    },
    /**
     * RFC 7644 §3.4.2.2: `userName eq "…"` (userName is case-insensitive at the SP, RFC 7643 §4.1.1).
     * Only a user with the same usernameKey is taken (the same spelling first): an SP that matches
     * more loosely (accents, lookalikes) must not get another person's account linked.
     */
    async findUserByUserName(userName: string): Promise<ScimUser | undefined> {
      const list = (await users(new URLSearchParams({ filter: eqFilter('userName', userName), count: '10' }))).body;
      const found = (list.Resources ?? []).filter(
        (r) => typeof r.userName === 'string' && usernameKey(r.userName) === usernameKey(userName),
      );
      return found.find((r) => r.userName === userName) ?? found[0];
    },
    getUser: (id: string) => request<ScimUser>('GET', `/Users/${encodeURIComponent(id)}`).then((r) => r.body),
    /** A second identical create gets 409 `uniqueness` (userName is unique at the SP, RFC 7643 §4.1.1): repeatable. */
    createUser: (user: Omit<ScimUser, 'id'>) => request<ScimUser>('POST', '/Users', user, [201, 200], true).then((r) => r.body),
    patchUser: (id: string, ops: ScimPatchOp[]) =>
      request<ScimUser | undefined>(
        'PATCH',
        `/Users/${encodeURIComponent(id)}`,
        { schemas: [SCIM_SCHEMAS.patchOp], Operations: ops },
        [200, 204],
      ),
    deleteUser: (id: string) => request<undefined>('DELETE', `/Users/${encodeURIComponent(id)}`, undefined, [204, 200]),
    async findGroupByDisplayName(displayName: string): Promise<ScimResource | undefined> {
      const q = new URLSearchParams({ filter: eqFilter('displayName', displayName), excludedAttributes: 'members' });
      return (await request<ScimListResponse<ScimResource>>('GET', `/Groups?${q}`)).body.Resources?.[0];
    },
    createGroup: (displayName: string, memberIds: string[]) =>
      request<ScimResource>(
        'POST',
        '/Groups',
        { schemas: [SCIM_SCHEMAS.group], displayName, members: memberIds.map((value) => ({ value })) },
        [201, 200],
      ).then((r) => r.body),
    getGroup: (id: string) =>
      request<ScimResource & { members?: Array<{ value: string }> }>('GET', `/Groups/${encodeURIComponent(id)}`).then((r) => r.body),
    patchGroup: (id: string, ops: ScimPatchOp[]) =>
      request<unknown>('PATCH', `/Groups/${encodeURIComponent(id)}`, { schemas: [SCIM_SCHEMAS.patchOp], Operations: ops }, [200, 204]),
    deleteGroup: (id: string) => request<undefined>('DELETE', `/Groups/${encodeURIComponent(id)}`, undefined, [204, 200]),
  };
}

export type ScimClient = ReturnType<typeof createScimClient>;

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/** The connection broke before an answer (not a timeout, not a refused connection). */
function isConnectionReset(err: unknown): boolean {
  const e = err as { name?: string; cause?: { code?: string } };
  return e?.name !== 'TimeoutError' && e?.name !== 'AbortError' && RESET_CODES.has(e?.cause?.code ?? '');
}

function networkError(err: unknown, what: string, url: string): ScimRequestError {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  })();
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return new ScimRequestError('timeout', `${what}: ${host} did not answer in time`, undefined, undefined, 'timeout', undefined, err);
  }
  const code = e?.cause?.code ?? '';
  const reason = e?.cause?.message ?? e?.message ?? 'unknown error';
  if (TLS_CODE.test(code)) {
    return new ScimRequestError(
      'tls',
      `${what}: TLS handshake with ${host} failed (${code}: ${reason})`,
      undefined,
      undefined,
      reason,
      undefined,
      err,
      code,
    );
  }
  const why =
    code === 'ECONNREFUSED'
      ? 'connection refused — is the application running and the port right?'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'host name not found (DNS)'
        : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET'
          ? 'connection reset'
          : `${code || 'network error'}: ${reason}`;
  return new ScimRequestError(
    'network',
    `${what}: could not reach ${host}: ${why}`,
    undefined,
    undefined,
    why,
    undefined,
    err,
    code || undefined,
  );
}
