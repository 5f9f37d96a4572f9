import { createHash, randomBytes } from 'node:crypto';
import type { Middleware, ParameterizedContext } from 'koa';
import type { Clock } from './clock.js';

/** Persisted session row. `idHash` is SHA-256 of the cookie value: a leaked store exposes no live session. */
export interface SessionRecord {
  idHash: string;
  data: Record<string, unknown>;
  expiresAt: Date;
}

/** Sessions live in the store (not process memory) so any instance can serve any request. */
export interface SessionStore {
  getSession(idHash: string): Promise<SessionRecord | undefined>;
  putSession(record: SessionRecord): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
}

export interface SessionOptions {
  cookieName: string;
  store: SessionStore;
  clock: Clock;
  ttlSeconds: number;
  /** Secure cookies when the public base URL is HTTPS. */
  secure: boolean;
  /** `none` needs `secure`; falls back to `lax` on plain HTTP. */
  sameSite: 'lax' | 'strict' | 'none';
  /**
   * Lifetime of a session whose data has no `signedInKey` yet (pre-authentication state: a pending redirect, a form
   * token). Default: `ttlSeconds`. A session row only exists once there is state to keep: an anonymous form view
   * gets its CSRF token as a cookie (csrf.ts), never a row.
   */
  preAuthTtlSeconds?: number;
  /** The data key a signed-in session has (default `userId`). */
  signedInKey?: string;
}

/** The double-submit cookie a form of a session with no row yet carries its CSRF token in (csrf.ts). */
export interface FormTokenCookie {
  name: string;
  options: { httpOnly: true; secure: boolean; sameSite: 'lax' | 'strict'; path: '/'; overwrite: true; maxAge: number };
}

export class Session {
  private dirty = false;
  private destroyed = false;
  private rotated = false;

  constructor(
    public id: string | undefined,
    public data: Record<string, unknown>,
    /** Where csrf.ts keeps the form token while the session has no row (set by sessions()). */
    readonly formTokenCookie?: FormTokenCookie,
  ) {}

  get isNew(): boolean {
    return this.id === undefined;
  }

  get<T>(key: string): T | undefined {
    return this.data[key] as T | undefined;
  }

  set(key: string, value: unknown): void {
    this.data[key] = value;
    this.dirty = true;
  }

  delete(key: string): void {
    delete this.data[key];
    this.dirty = true;
  }

  /** New session ID, same data: call at every privilege change (login) to prevent fixation. */
  regenerate(): void {
    this.rotated = true;
    this.dirty = true;
  }

  destroy(): void {
    this.destroyed = true;
    this.data = {};
  }

  /** @internal */
  state() {
    return { dirty: this.dirty, destroyed: this.destroyed, rotated: this.rotated };
  }
}

export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

declare module 'koa' {
  interface DefaultState {
    session: Session;
  }
}

/** Loads `ctx.state.session` from the store and saves it after the request when it changed. */
export function sessions(opts: SessionOptions): Middleware {
  const sameSite = opts.sameSite === 'none' && !opts.secure ? 'lax' : opts.sameSite;
  const cookieOptions = { httpOnly: true, secure: opts.secure, sameSite, path: '/', overwrite: true } as const;
  const preAuthTtl = opts.preAuthTtlSeconds ?? opts.ttlSeconds;
  const signedInKey = opts.signedInKey ?? 'userId';
  const formTokenCookie: FormTokenCookie = {
    // RFC 6265bis §4.1.3.2: a __Host- cookie cannot be planted by a sibling subdomain.
    name: `${opts.secure ? '__Host-' : ''}${opts.cookieName}_form`,
    options: {
      httpOnly: true,
      secure: opts.secure,
      sameSite: sameSite === 'strict' ? 'strict' : 'lax',
      path: '/',
      overwrite: true,
      maxAge: preAuthTtl * 1000,
    },
  };

  return async (ctx: ParameterizedContext, next) => {
    // Behind a TLS-terminating proxy the hop to us is plain HTTP; the public URL decides (Koa would
    // otherwise refuse to set a Secure cookie on an unencrypted connection).
    if (opts.secure) ctx.cookies.secure = true;
    const cookie = ctx.cookies.get(opts.cookieName);
    let session = new Session(undefined, {}, formTokenCookie);
    if (cookie) {
      const record = await opts.store.getSession(hashSessionId(cookie));
      if (record && record.expiresAt > opts.clock.now()) session = new Session(cookie, record.data, formTokenCookie);
    }
    ctx.state.session = session;
    await next();

    const { dirty, destroyed, rotated } = session.state();
    if (destroyed) {
      if (session.id) await opts.store.deleteSession(hashSessionId(session.id));
      ctx.cookies.set(opts.cookieName, '', { ...cookieOptions, maxAge: 0 });
      return;
    }
    if (!dirty) return;
    if (rotated && session.id) await opts.store.deleteSession(hashSessionId(session.id));
    const id = !session.id || rotated ? randomBytes(32).toString('base64url') : session.id;
    const ttl = session.data[signedInKey] === undefined ? preAuthTtl : opts.ttlSeconds;
    const expiresAt = new Date(opts.clock.now().getTime() + ttl * 1000);
    await opts.store.putSession({ idHash: hashSessionId(id), data: session.data, expiresAt });
    ctx.cookies.set(opts.cookieName, id, { ...cookieOptions, maxAge: ttl * 1000 });
  };
}
