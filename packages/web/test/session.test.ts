// The session middleware over real HTTP, with web's Kysely session store on a real SQLite file and an
// injected clock.

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setCookie } from '@samlbridge/test-support';
import { expect } from 'chai';
import type { Middleware } from 'koa';
import { fixedClock } from '../src/clock.js';
import { type KyselyDatabase, kyselySessionStore, openKysely, type WebTables } from '../src/kysely/index.js';
import type { RunningServer } from '../src/server.js';
import { hashSessionId, type SessionOptions, sessions } from '../src/session.js';
import { serve } from './support/serve.js';
import { migrateWebTables } from './support/web-tables.js';

const COOKIE = 'sid';
const TTL_SECONDS = 3600;

/** Test routes: /set?key=value, /get, /login?user=… (regenerates), /logout (destroys); anything else reads only. */
const routes: Middleware = async (ctx) => {
  const session = ctx.state.session;
  if (ctx.path === '/set') for (const [k, v] of Object.entries(ctx.query)) session.set(k, v);
  if (ctx.path === '/login') {
    session.set('user', ctx.query.user);
    session.regenerate();
  }
  if (ctx.path === '/logout') session.destroy();
  ctx.body = { isNew: session.isNew, data: session.data };
};

describe('sessions() (store-backed sessions over HTTP)', () => {
  let dir: string;
  let database: KyselyDatabase<WebTables>;
  let server: RunningServer | undefined;
  const clock = fixedClock(new Date('2026-05-01T08:00:00Z'));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'web-sessions-'));
    database = await openKysely<WebTables>({ kind: 'sqlite', file: join(dir, 'sessions.db') });
    await migrateWebTables(database);
    clock.set(new Date('2026-05-01T08:00:00Z'));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(options: Partial<SessionOptions> = {}): Promise<string> {
    const store = kyselySessionStore(database.db, database.dialect);
    server = await serve(
      sessions({ cookieName: COOKIE, store, clock, ttlSeconds: TTL_SECONDS, secure: false, sameSite: 'lax', ...options }),
      routes,
    );
    return server.url;
  }

  const get = (url: string, cookie?: string) => fetch(url, { headers: cookie ? { cookie: `${COOKIE}=${cookie}` } : {} });
  /** The rows as SQLite keeps them: data as JSON text, expiry as an ISO-8601 string. */
  const rows = async () =>
    (await database.db.selectFrom('sessions').selectAll().execute()) as { id_hash: string; data: string; expires_at: string }[];

  it('sets no cookie and stores nothing for a request that does not change the session', async () => {
    const url = await start();
    const res = await get(`${url}/read`);
    expect(await res.json()).to.deep.equal({ isNew: true, data: {} });
    expect(res.headers.getSetCookie()).to.deep.equal([]);
    expect(await rows()).to.deep.equal([]);
  });

  it('stores only the SHA-256 of the cookie value, never the value itself', async () => {
    const url = await start();
    const cookie = setCookie(await get(`${url}/set?theme=dark`), COOKIE);
    expect(cookie?.value).to.match(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    const [row, ...more] = await rows();
    expect(more).to.deep.equal([]);
    expect(row?.id_hash).to.equal(
      createHash('sha256')
        .update(cookie?.value ?? '')
        .digest('hex'),
    );
    expect(row?.id_hash).to.equal(hashSessionId(cookie?.value ?? ''));
    expect(JSON.stringify(row)).to.not.include(cookie?.value);
    expect(JSON.parse(row?.data ?? '')).to.deep.equal({ theme: 'dark' });
  });

  it('loads the session named by the cookie on the next request', async () => {
    const url = await start();
    const id = setCookie(await get(`${url}/set?theme=dark`), COOKIE)?.value;
    expect(await (await get(`${url}/read`, id)).json()).to.deep.equal({ isNew: false, data: { theme: 'dark' } });
  });

  it('sends an HttpOnly cookie for the whole site that lasts as long as the session', async () => {
    const url = await start();
    const sent = Date.now();
    const cookie = setCookie(await get(`${url}/set?a=1`), COOKIE);
    expect(cookie?.attributes).to.include({ path: '/', httponly: '', samesite: 'lax' });
    expect(cookie?.attributes).to.not.have.property('secure');
    // Koa writes the lifetime as Expires from its own (real) time, in whole seconds.
    const lifetime = Date.parse(cookie?.attributes.expires ?? '') - sent;
    expect(lifetime).to.be.within(TTL_SECONDS * 1000 - 1000, TTL_SECONDS * 1000 + 5000);
    expect((await rows())[0]?.expires_at).to.equal('2026-05-01T09:00:00.000Z');
  });

  it('gives a session without a sign-in the short pre-authentication lifetime, and the full lifetime once signed in', async () => {
    const url = await start({ preAuthTtlSeconds: 300, signedInKey: 'user' });
    const anonymous = setCookie(await get(`${url}/set?pending=1`), COOKIE)?.value;
    expect((await rows())[0]?.expires_at).to.equal('2026-05-01T08:05:00.000Z');
    await get(`${url}/login?user=ann`, anonymous);
    const [row, ...more] = await rows();
    expect(more).to.deep.equal([]);
    expect(row?.expires_at).to.equal('2026-05-01T09:00:00.000Z');
  });

  it('issues a new session ID at login, keeps the data, and forgets the old ID (no fixation)', async () => {
    const url = await start();
    const before = setCookie(await get(`${url}/set?cart=3`), COOKIE)?.value;
    const login = await get(`${url}/login?user=jane`, before);
    const after = setCookie(login, COOKIE)?.value;
    expect(after).to.be.a('string').and.not.equal(before);
    expect(await login.json()).to.deep.include({ data: { cart: '3', user: 'jane' } });
    expect((await rows()).map((r) => r.id_hash)).to.deep.equal([hashSessionId(after ?? '')]);
    expect(await (await get(`${url}/read`, before)).json()).to.deep.equal({ isNew: true, data: {} });
    expect(await (await get(`${url}/read`, after)).json()).to.deep.include({ data: { cart: '3', user: 'jane' } });
  });

  it('does not adopt a session ID it never issued: a planted cookie gets a fresh ID', async () => {
    const url = await start();
    const planted = 'attacker-chosen-session-id';
    const res = await get(`${url}/set?x=1`, planted);
    const issued = setCookie(res, COOKIE)?.value;
    expect(issued).to.be.a('string').and.not.equal(planted);
    expect((await rows()).map((r) => r.id_hash)).to.deep.equal([hashSessionId(issued ?? '')]);
  });

  it('treats a session past its expiry as absent, and a write starts a new one', async () => {
    const url = await start();
    const id = setCookie(await get(`${url}/set?a=1`), COOKIE)?.value;
    clock.advance(TTL_SECONDS * 1000 - 1);
    expect(await (await get(`${url}/read`, id)).json()).to.deep.equal({ isNew: false, data: { a: '1' } });
    clock.advance(1);
    expect(await (await get(`${url}/read`, id)).json()).to.deep.equal({ isNew: true, data: {} });
    const renewed = setCookie(await get(`${url}/set?b=2`, id), COOKIE)?.value;
    expect(renewed).to.be.a('string').and.not.equal(id);
  });

  it('extends the expiry on every write (sliding lifetime)', async () => {
    const url = await start();
    const id = setCookie(await get(`${url}/set?a=1`), COOKIE)?.value;
    clock.advance(30 * 60_000);
    await get(`${url}/set?a=2`, id);
    expect((await rows()).map((r) => r.expires_at)).to.deep.equal(['2026-05-01T09:30:00.000Z']);
  });

  it('deletes the stored session and clears the cookie on destroy', async () => {
    const url = await start();
    const id = setCookie(await get(`${url}/set?a=1`), COOKIE)?.value;
    const res = await get(`${url}/logout`, id);
    const cleared = setCookie(res, COOKIE);
    expect(cleared?.value).to.equal('');
    expect(cleared?.attributes.expires).to.equal('Thu, 01 Jan 1970 00:00:00 GMT');
    expect(await rows()).to.deep.equal([]);
    expect(await (await get(`${url}/read`, id)).json()).to.deep.equal({ isNew: true, data: {} });
  });

  it('sets a Secure cookie over plain HTTP when the public URL is HTTPS (behind a TLS proxy)', async () => {
    const url = await start({ secure: true, sameSite: 'none' });
    const res = await get(`${url}/set?a=1`);
    expect(res.status).to.equal(200);
    expect(setCookie(res, COOKIE)?.attributes).to.include({ secure: '', samesite: 'none', httponly: '' });
  });

  it('falls back to SameSite=Lax when SameSite=None is asked for without Secure (browsers drop such cookies)', async () => {
    const url = await start({ secure: false, sameSite: 'none' });
    const cookie = setCookie(await get(`${url}/set?a=1`), COOKIE);
    expect(cookie?.attributes).to.include({ samesite: 'lax' });
    expect(cookie?.attributes).to.not.have.property('secure');
  });
});
