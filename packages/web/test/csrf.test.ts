// CSRF synchronizer tokens over real HTTP: sessions in a real SQLite file (web's Kysely session store), the real body parser and
// the JSON error handler, as the apps mount them.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setCookie } from '@samlbridge/test-support';
import { expect } from 'chai';
import type { Middleware } from 'koa';
import { parseBody } from '../src/body.js';
import { systemClock } from '../src/clock.js';
import { csrfToken, requireCsrf } from '../src/csrf.js';
import { errorHandler, renderJsonError } from '../src/error-handler.js';
import { type KyselyDatabase, kyselySessionStore, openKysely, type WebTables } from '../src/kysely/index.js';
import { createLogger } from '../src/logger.js';
import type { RunningServer } from '../src/server.js';
import { sessions } from '../src/session.js';
import { serve } from './support/serve.js';
import { migrateWebTables } from './support/web-tables.js';

/** GET /form answers { token } (creating the session); POST /submit is CSRF-protected. */
const routes: Middleware = async (ctx, next) => {
  if (ctx.method === 'GET' && ctx.path === '/form') {
    ctx.body = { token: csrfToken(ctx) };
    return;
  }
  if (ctx.method === 'POST' && ctx.path === '/submit') {
    await requireCsrf(ctx, async () => {
      ctx.body = { ok: true };
    });
    return;
  }
  await next();
};

describe('CSRF tokens (csrfToken, requireCsrf)', () => {
  let dir: string;
  let database: KyselyDatabase<WebTables>;
  let server: RunningServer;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'web-csrf-'));
    database = await openKysely<WebTables>({ kind: 'sqlite', file: join(dir, 'sessions.db') });
    await migrateWebTables(database);
    const store = kyselySessionStore(database.db, database.dialect);
    server = await serve(
      errorHandler(createLogger('test', 'silent'), renderJsonError),
      sessions({ cookieName: 'sid', store, clock: systemClock, ttlSeconds: 600, secure: false, sameSite: 'lax' }),
      parseBody(),
      routes,
    );
  });
  afterEach(async () => {
    await server.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A visitor who opened the form: the Cookie header they send back (the form cookie) and the token. */
  async function openForm(cookie?: string): Promise<{ cookie: string; token: string }> {
    const res = await fetch(`${server.url}/form`, { headers: cookie ? { cookie } : {} });
    const { token } = (await res.json()) as { token: string };
    const form = setCookie(res, 'sid_form')?.value;
    return { cookie: form ? `sid_form=${form}` : (cookie ?? ''), token };
  }

  const sessionRows = async () =>
    Number(
      (
        await database.db
          .selectFrom('sessions')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  const postForm = (fields: Record<string, string>, cookie?: string) =>
    fetch(`${server.url}/submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      body: new URLSearchParams(fields),
    });

  async function expectRefused(res: Response): Promise<void> {
    expect(res.status).to.equal(403);
    expect(await res.json()).to.deep.equal({
      error: 'csrf_failed',
      message: 'This form has expired or did not come from this site. Go back, reload the page and try again.',
    });
  }

  it('stores no session row for anonymous form views: the token travels in an HttpOnly form cookie', async () => {
    for (let i = 0; i < 20; i++) await openForm();
    expect(await sessionRows()).to.equal(0);
    const res = await fetch(`${server.url}/form`);
    expect(setCookie(res, 'sid')).to.equal(undefined);
    expect(setCookie(res, 'sid_form')?.attributes.httponly).to.equal('');
  });

  it('gives a form an unguessable token, the same one on every render for one visitor', async () => {
    const first = await openForm();
    expect(first.token).to.match(/^[A-Za-z0-9_-]{32}$/); // 24 random bytes, base64url
    expect(first.cookie).to.not.equal('');
    expect((await openForm(first.cookie)).token).to.equal(first.token);
    expect((await openForm()).token).to.not.equal(first.token);
  });

  it('accepts a form post carrying the session’s token in _csrf', async () => {
    const { cookie, token } = await openForm();
    const res = await postForm({ _csrf: token, name: 'x' }, cookie);
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ ok: true });
  });

  it('accepts the token in the X-CSRF-Token header (JSON requests)', async () => {
    const { cookie, token } = await openForm();
    const res = await fetch(`${server.url}/submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': token, cookie },
      body: JSON.stringify({ name: 'x' }),
    });
    expect(res.status).to.equal(200);
  });

  it('refuses a post without a token with 403 and a message saying what to do', async () => {
    const { cookie } = await openForm();
    await expectRefused(await postForm({ name: 'x' }, cookie));
  });

  it('refuses a post whose token is wrong', async () => {
    const { cookie, token } = await openForm();
    const forged = token.startsWith('A') ? `B${token.slice(1)}` : `A${token.slice(1)}`;
    await expectRefused(await postForm({ _csrf: forged }, cookie));
  });

  it('refuses a token taken from another visitor’s session', async () => {
    const victim = await openForm();
    const attacker = await openForm();
    await expectRefused(await postForm({ _csrf: attacker.token }, victim.cookie));
  });

  it('refuses a post with a valid-looking token but no session (cross-site request without cookies)', async () => {
    const { token } = await openForm();
    await expectRefused(await postForm({ _csrf: token }));
  });

  it('refuses an empty token even when the session has none yet', async () => {
    await expectRefused(await postForm({ _csrf: '' }));
  });
});
