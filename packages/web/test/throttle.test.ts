import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { fixedClock } from '../src/clock.js';
import { type KyselyDatabase, kyselyThrottleStore, openKysely, type WebTables } from '../src/kysely/index.js';
import { createLoginThrottle, type LoginAttempt } from '../src/throttle.js';
import { migrateWebTables } from './support/web-tables.js';

describe('login throttle (store-backed, clock injected)', () => {
  const opened: KyselyDatabase<WebTables>[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((d) => d.close()));
  });
  /** web's Kysely throttle store on `file` (tables created by the first opener). */
  const openStore = async (file: string) => {
    const database = await openKysely<WebTables>({ kind: 'sqlite', file });
    opened.push(database);
    await migrateWebTables(database);
    return kyselyThrottleStore(database.db, database.dialect);
  };
  const setup = async () => {
    const clock = fixedClock(new Date('2026-03-01T10:00:00Z'));
    const store = await openStore(':memory:');
    return { clock, throttle: createLoginThrottle({ store, clock, ip: { max: 8, windowSeconds: 900, lockSeconds: 600 } }) };
  };
  const codeOf = async (p: Promise<LoginAttempt>) =>
    p.then(
      () => 'ok',
      (e: { code: string; status: number; message: string; details: { retryAfterSeconds: number } }) =>
        `${e.status} ${e.code} ${e.details.retryAfterSeconds}s ${e.message}`,
    );

  it('refuses the sixth attempt on an account within 15 minutes, for 15 minutes, with a clear message', async () => {
    const { clock, throttle } = await setup();
    for (let i = 0; i < 4; i++) await throttle.reserve('Jane', `10.0.0.${i}`);
    expect(await codeOf(throttle.reserve('jane', '10.0.0.5')), 'the fifth attempt may still check its password').to.equal('ok');
    expect(await codeOf(throttle.reserve('JANE', '10.0.0.9'))).to.equal(
      '429 account_locked 900s Too many failed sign-ins for this account. Try again in 15 minutes or ask your administrator.',
    );
    clock.advance(14 * 60_000 + 1_000);
    expect(await codeOf(throttle.reserve('jane', '10.0.0.9'))).to.match(/^429 account_locked 59s Too many .* Try again in 1 minute or/);
    clock.advance(60_000);
    expect(await codeOf(throttle.reserve('jane', '10.0.0.9'))).to.equal('ok');
  });

  it('counts every spelling of one account name together: width, case of any letter, accent encoding', async () => {
    const { throttle } = await setup();
    for (const spelling of ['ａｄｍｉｎ.élodie', 'ADMIN.ÉLODIE', 'admin.E\u0301lodie', 'Ａdmin.élodie', 'admin.élodie']) {
      await throttle.reserve(spelling, `10.0.0.${spelling.length}`);
    }
    expect(await codeOf(throttle.reserve('admin.élodie', '10.0.0.99'))).to.match(/^429 account_locked/);
  });

  it('forgets attempts older than the window', async () => {
    const { clock, throttle } = await setup();
    for (let i = 0; i < 4; i++) await throttle.reserve('jane', '10.0.0.1');
    clock.advance(16 * 60_000);
    for (let i = 0; i < 5; i++) expect(await codeOf(throttle.reserve('jane', '10.0.0.2'))).to.equal('ok');
  });

  it('gives back only the successful attempt: four failures before it still count', async () => {
    const { throttle } = await setup();
    for (let i = 0; i < 4; i++) await throttle.reserve('jane', '10.0.0.1');
    const right = await throttle.reserve('jane', '10.0.0.1');
    await right.succeeded();
    await right.succeeded();
    expect(await codeOf(throttle.reserve('jane', '10.0.0.1')), 'the fifth counted attempt').to.equal('ok');
    expect(await codeOf(throttle.reserve('jane', '10.0.0.2'))).to.match(/^429 account_locked/);
  });

  it('lifts the lock a right password had completed, so the person can go on', async () => {
    const { throttle } = await setup();
    for (let i = 0; i < 4; i++) await throttle.reserve('jane', '10.0.0.1');
    const right = await throttle.reserve('jane', '10.0.0.1');
    expect(await codeOf(throttle.reserve('jane', '10.0.0.1')), 'locked while the fifth attempt is being checked').to.match(
      /^429 account_locked/,
    );
    await right.succeeded();
    expect(await codeOf(throttle.reserve('jane', '10.0.0.1'))).to.equal('ok');
  });

  it('throttles an IP spraying many accounts at a higher threshold (429 too_many_attempts)', async () => {
    const { throttle } = await setup();
    for (let i = 0; i < 8; i++) await throttle.reserve(`user${i}`, '10.9.9.9');
    expect(await codeOf(throttle.reserve('someone-else', '10.9.9.9'))).to.match(
      /^429 too_many_attempts 600s Too many failed sign-ins from your network/,
    );
    expect(await codeOf(throttle.reserve('someone-else', '10.9.9.8'))).to.equal('ok');
  });

  it('does not count an attempt the IP limit refused against its account', async () => {
    const { throttle } = await setup();
    for (let i = 0; i < 8; i++) await throttle.reserve(`user${i}`, '10.9.9.9');
    for (let i = 0; i < 6; i++) await codeOf(throttle.reserve('jane', '10.9.9.9'));
    for (let i = 0; i < 5; i++) expect(await codeOf(throttle.reserve('jane', '10.0.0.1'))).to.equal('ok');
  });

  it('counts a blank login against the IP only', async () => {
    const { throttle } = await setup();
    for (let i = 0; i < 8; i++) expect(await codeOf(throttle.reserve('', '10.9.9.9'))).to.equal('ok');
    expect(await codeOf(throttle.reserve('', '10.9.9.9'))).to.match(/^429 too_many_attempts/);
  });

  it('lets at most 5 of 30 parallel attempts through across two connections to one file (two instances)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'throttle-'));
    try {
      const file = join(dir, 'db.sqlite');
      const a = await openStore(file);
      const b = await openStore(file);
      const clock = fixedClock(new Date('2026-03-01T10:00:00Z'));
      const ta = createLoginThrottle({ store: a, clock });
      const tb = createLoginThrottle({ store: b, clock });
      const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => codeOf((i % 2 ? ta : tb).reserve('jane', `10.0.0.${i}`))));
      expect(outcomes.filter((o) => o === 'ok').length).to.equal(5);
      expect(outcomes.filter((o) => o.startsWith('429 account_locked')).length).to.equal(25);
    } finally {
      await Promise.all(opened.splice(0).map((d) => d.close()));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
