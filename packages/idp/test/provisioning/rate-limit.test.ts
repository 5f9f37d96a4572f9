// A 429, or a 503 with Retry-After, is the application asking to slow down: the change waits the time asked,
// without a failed Directory Insights event and without counting an attempt; and the answer's rate-limit headers
// are understood in their common spellings.

import { eventually, suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { readRateLimit } from '../../src/provisioning/rate-limit-headers.js';
import { outboxAttempts } from './outbox-attempts.js';
import { FAST_PROVISIONING, startScimIdp } from './scim-idp.js';

const NOW = new Date('2026-12-03T10:00:00Z');

describe('rate-limit headers of an application’s answer', () => {
  it('reads RateLimit and RateLimit-Policy (structured fields)', () => {
    const h = new Headers({ RateLimit: '"scim";r=12;t=35', 'RateLimit-Policy': '"scim";q=600;w=60' });
    expect(readRateLimit(h, NOW)).to.deep.equal({ remaining: 12, resetMs: 35_000, quota: 600, windowMs: 60_000 });
  });

  it('reads X-RateLimit-* with an epoch reset time', () => {
    const reset = NOW.getTime() / 1000 + 20;
    const h = new Headers({ 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(reset) });
    expect(readRateLimit(h, NOW)).to.deep.equal({ remaining: 0, resetMs: 20_000, quota: 100 });
  });

  it('reads the older draft’s RateLimit-Remaining and RateLimit-Reset seconds', () => {
    const h = new Headers({ 'RateLimit-Limit': '50', 'RateLimit-Remaining': '3', 'RateLimit-Reset': '7' });
    expect(readRateLimit(h, NOW)).to.deep.equal({ remaining: 3, resetMs: 7000, quota: 50 });
  });

  it('says nothing when the answer has no rate-limit header', () => {
    expect(readRateLimit(new Headers({ 'content-type': 'application/scim+json' }), NOW)).to.equal(undefined);
  });
});

describe('provisioning when the application asks to slow down (fake SCIM server)', function () {
  this.timeout(20000);
  const setup = suiteFixture(() => startScimIdp({ ...FAST_PROVISIONING, secretKey: 'a'.repeat(64) }), { each: true });

  const activate = () => setup.idp.provisioning.idm.activate(setup.appId, { baseUrl: setup.scim.url, token: setup.scim.token }, 'test');
  const failedEvents = async () =>
    (await setup.idp.services.events.list({ success: false, limit: 100 })).items.filter((e) => e.type.endsWith('_provision'));

  for (const [status, label] of [
    [429, '429 Too Many Requests'],
    [503, '503 with Retry-After'],
  ] as const) {
    it(`waits the Retry-After of a ${label} before the next request, with no failed event and no attempt counted`, async () => {
      setup.scim.fail({ status, headers: { 'retry-after': '2' }, match: (r) => r.method === 'POST' && r.path === '/Users' });
      await activate();
      await eventually(() => setup.scim.users.size === 1, { timeoutMs: 10000 });
      const refused = setup.scim.requests.find((r) => r.method === 'POST' && r.path === '/Users')!;
      const after = setup.scim.requests.filter((r) => r.at > refused.at);
      expect(after.length).to.be.greaterThan(0);
      // Retry-After is whole seconds: nothing reached the application before the two seconds asked.
      expect(Math.min(...after.map((r) => r.at)) - refused.at).to.be.at.least(1990);
      expect(setup.scim.requests.filter((r) => r.method === 'POST' && r.path === '/Users')).to.have.length(2);
      await setup.idp.provisioning.worker.idle();
      expect(await failedEvents()).to.deep.equal([]);
      expect(await outboxAttempts(setup.idp)).to.include({ attempts: 0, failed: 0 });
    });
  }

  it('still counts a 503 without Retry-After as a failed attempt (an outage), and retries it soon', async () => {
    setup.scim.fail({ status: 503, match: (r) => r.method === 'POST' && r.path === '/Users' });
    await activate();
    await eventually(() => setup.scim.users.size === 1, { timeoutMs: 10000 });
    await setup.idp.provisioning.worker.idle();
    expect((await failedEvents()).map((e) => e.type)).to.deep.equal(['user_create_provision']);
    expect((await outboxAttempts(setup.idp)).attempts).to.equal(1);
  });
});
