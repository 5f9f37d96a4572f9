import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { fixedClock } from '../src/clock.js';
import { openSqlite } from '../src/sqlite.js';
import { createLoginThrottle, sqliteThrottleStore, THROTTLE_MIGRATION } from '../src/throttle.js';

describe('login throttle (store-backed, clock injected)', () => {
  const setup = () => {
    const clock = fixedClock(new Date('2026-03-01T10:00:00Z'));
    const store = sqliteThrottleStore(openSqlite(':memory:', [THROTTLE_MIGRATION]));
    return { clock, throttle: createLoginThrottle({ store, clock, ip: { max: 8, windowSeconds: 900, lockSeconds: 600 } }) };
  };
  const codeOf = async (p: Promise<void>) =>
    p.then(
      () => 'ok',
      (e: { code: string; status: number; message: string }) => `${e.status} ${e.code} ${e.message}`,
    );

  it('locks an account after 5 failures in 15 minutes, for 15 minutes, with a clear message', async () => {
    const { clock, throttle } = setup();
    for (let i = 0; i < 4; i++) await throttle.failure('Jane', `10.0.0.${i}`);
    expect(await codeOf(throttle.check('jane', '10.0.0.9'))).to.equal('ok');
    await throttle.failure('jane', '10.0.0.5');
    expect(await codeOf(throttle.check('JANE', '10.0.0.9'))).to.equal(
      '429 account_locked Too many failed sign-ins for this account. Try again in 15 minutes or ask your administrator.',
    );
    clock.advance(14 * 60_000 + 1_000);
    expect(await codeOf(throttle.check('jane', '10.0.0.9'))).to.match(/Try again in 1 minute or/);
    clock.advance(60_000);
    expect(await codeOf(throttle.check('jane', '10.0.0.9'))).to.equal('ok');
  });

  it('counts every spelling of one account name together: width, case of any letter, accent encoding', async () => {
    const { throttle } = setup();
    for (const spelling of ['ａｄｍｉｎ.élodie', 'ADMIN.ÉLODIE', 'admin.E\u0301lodie', 'Ａdmin.élodie', 'admin.élodie']) {
      await throttle.failure(spelling, '10.0.0.1');
    }
    expect(await codeOf(throttle.check('admin.élodie', '10.0.0.9'))).to.match(/^429 account_locked/);
  });

  it('forgets failures older than the window', async () => {
    const { clock, throttle } = setup();
    for (let i = 0; i < 4; i++) await throttle.failure('jane', '10.0.0.1');
    clock.advance(16 * 60_000);
    await throttle.failure('jane', '10.0.0.2');
    expect(await codeOf(throttle.check('jane', '10.0.0.3'))).to.equal('ok');
  });

  it('clears an account after a successful sign-in', async () => {
    const { throttle } = setup();
    for (let i = 0; i < 4; i++) await throttle.failure('jane', '10.0.0.1');
    await throttle.success('jane');
    await throttle.failure('jane', '10.0.0.1');
    expect(await codeOf(throttle.check('jane', '10.0.0.2'))).to.equal('ok');
  });

  it('throttles an IP spraying many accounts at a higher threshold (429 too_many_attempts)', async () => {
    const { throttle } = setup();
    for (let i = 0; i < 8; i++) await throttle.failure(`user${i}`, '10.9.9.9');
    expect(await codeOf(throttle.check('someone-else', '10.9.9.9'))).to.match(
      /^429 too_many_attempts Too many failed sign-ins from your network/,
    );
    expect(await codeOf(throttle.check('someone-else', '10.9.9.8'))).to.equal('ok');
  });

  describe('atomic counting (INSERT … ON CONFLICT DO UPDATE … RETURNING)', () => {
    const rule = { max: 5, windowSeconds: 900, lockSeconds: 900 };

    it('counts concurrent failures without losing any (two connections to one file, like two instances)', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'throttle-'));
      try {
        const file = join(dir, 'db.sqlite');
        const a = sqliteThrottleStore(openSqlite(file, [THROTTLE_MIGRATION]));
        const b = sqliteThrottleStore(openSqlite(file, [THROTTLE_MIGRATION]));
        const clock = fixedClock(new Date('2026-03-01T10:00:00Z'));
        const ta = createLoginThrottle({ store: a, clock, account: rule });
        const tb = createLoginThrottle({ store: b, clock, account: rule });
        // Interleaved: every failure reads before any writes — a read-modify-write counter would end at 1.
        await Promise.all([ta, tb, ta, tb, ta].map((t, i) => t.failure('jane', `10.0.0.${i}`)));
        const rec = await a.getThrottle('account:jane');
        expect(rec?.lockedUntil?.toISOString()).to.equal('2026-03-01T10:15:00.000Z');
        expect(await codeOf(tb.check('jane', '10.0.0.9'))).to.match(/^429 account_locked/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('starts a new window after windowSeconds and keeps counting inside it', async () => {
      const store = sqliteThrottleStore(openSqlite(':memory:', [THROTTLE_MIGRATION]));
      const t0 = new Date('2026-03-01T10:00:00Z');
      const at = (s: number) => new Date(t0.getTime() + s * 1000);
      const recordFailure = store.recordFailure?.bind(store);
      if (!recordFailure) throw new Error('the SQLite store counts atomically');
      expect((await recordFailure('k', rule, t0)).failures).to.equal(1);
      expect((await recordFailure('k', rule, at(10))).failures).to.equal(2);
      const fresh = await recordFailure('k', rule, at(901));
      expect(fresh.failures).to.equal(1);
      expect(fresh.windowStart.toISOString()).to.equal(at(901).toISOString());
      expect(fresh.lockedUntil).to.equal(null);
    });

    it('locks on the first failure when max is 1', async () => {
      const store = sqliteThrottleStore(openSqlite(':memory:', [THROTTLE_MIGRATION]));
      const now = new Date('2026-03-01T10:00:00Z');
      const rec = await store.recordFailure?.('k', { max: 1, windowSeconds: 60, lockSeconds: 30 }, now);
      expect(rec?.lockedUntil?.toISOString()).to.equal('2026-03-01T10:00:30.000Z');
    });
  });
});
