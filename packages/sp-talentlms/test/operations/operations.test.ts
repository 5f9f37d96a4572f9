import { expect } from 'chai';
import { type Harness, startSp } from '../helpers/harness.js';
import { migratedSpDatabase } from '../helpers/scratch-database.js';

const FAR_FUTURE = new Date('2999-01-01T00:00:00Z');
const DAY_MS = 86_400_000;

describe('SP bounded storage and operations', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close().catch(() => {});
  });

  it('stores no session row for anonymous views of the sign-in page', async () => {
    h = await startSp();
    for (let i = 0; i < 20; i++) expect((await h.get('/')).status).to.equal(200);
    expect(await h.sp.store.sessions.deleteExpired(FAR_FUTURE)).to.equal(0);
  });

  for (const engine of ['SQLite', 'PostgreSQL'] as const) {
    it(`sweeps expired sessions, stale throttle rows and events older than SP_EVENTS_RETENTION_DAYS, and keeps the rest (${engine})`, async function () {
      this.timeout(60_000);
      const database = engine === 'PostgreSQL' ? await migratedSpDatabase('sp_sweep') : undefined;
      h = await startSp({ config: { eventsRetentionDays: 30, ...(database ? { databaseUrl: database.url } : {}) } });
      const dropDatabase = async () => {
        await h.close();
        await database?.drop();
      };
      const now = h.clock.now();
      await h.sp.store.sessions.putSession({ idHash: 'old', data: {}, expiresAt: new Date(now.getTime() - 1000) });
      await h.sp.store.sessions.putSession({ idHash: 'live', data: {}, expiresAt: new Date(now.getTime() + DAY_MS) });
      const event = (daysAgo: number) => ({
        tenant: 'default',
        type: 'password_login',
        time: new Date(now.getTime() - daysAgo * DAY_MS),
        success: true,
        reason: null,
        user: null,
        detail: `age ${daysAgo}`,
      });
      for (let i = 0; i < 1203; i++) await h.sp.store.events.add(event(31 + (i % 5)));
      await h.sp.store.events.add(event(1));
      const result = await h.sp.sweepExpired();
      expect(result).to.include({ sessions: 1, events: 1203 });
      expect(await h.sp.store.sessions.getSession('live')).to.not.equal(undefined);
      const kept = await h.sp.store.events.list('default', { limit: 5000 });
      expect(kept.filter((e) => e.detail?.startsWith('age')).map((e) => e.detail)).to.deep.equal(['age 1']);
      const rule = { max: 5, windowSeconds: 900, lockSeconds: 900 };
      await h.sp.store.loginThrottle.reserve('stale', rule, new Date(now.getTime() - 2 * 3600_000));
      await h.sp.store.loginThrottle.reserve('fresh', rule, now);
      expect((await h.sp.sweepExpired()).throttleRows).to.equal(1);
      await dropDatabase();
    });
  }

  it('records a flood of rejected Responses from one address as five rows and then one row whose count grows', async () => {
    h = await startSp({ config: { rejectionWindowSeconds: 60 } });
    for (let i = 0; i < 15; i++) expect((await h.postAcs('not base64 at all')).res.status).to.equal(403);
    const rows = () => h.sp.store.events.list('default', { limit: 100 }).then((all) => all.filter((e) => e.type === 'sso_login'));
    expect(await rows()).to.have.length(6);
    h.clock.advance(61_000);
    await h.postAcs('not base64 at all');
    const after = await rows();
    expect(after).to.have.length(7);
    const counts = after.map((e) => Number(/^count=(\d+)/.exec(e.detail ?? '')?.[1])).sort((a, b) => a - b);
    expect(counts).to.deep.equal([1, 1, 1, 1, 1, 1, 10]);
  });

  it('answers /healthz, /readyz and /metrics with SCIM requests counted by status', async () => {
    h = await startSp();
    expect((await h.get('/healthz')).status).to.equal(200);
    const ready = await h.get('/readyz');
    expect(ready.status).to.equal(200);
    expect(await ready.json()).to.deep.equal({ status: 'ready', checks: { database_writable: 'ok', migrations_applied: 'ok' } });
    await h.get('/');
    await h.get('/api/scim2/Users', undefined, { headers: { authorization: 'Bearer wrong' } });
    const text = await (await h.get('/metrics')).text();
    const served = text.split('\n').find((l) => l.startsWith('samlbridge_scim_requests_served_total{'));
    expect(served).to.contain('status="401"').and.to.match(/ 1$/);
    expect(text).to.match(/samlbridge_http_request_duration_seconds_count\{app="sp",method="GET",route="\/",status="200"\}/);
  });
});
