// A binding through the SP's own SCIM rate limit, over HTTP: the IdP paces itself from the SP's RateLimit /
// RateLimit-Policy headers and waits out any 429, so every user arrives exactly once and no change fails.
import { eventually } from '@samlbridge/test-support';
import { expect } from 'chai';
import { outboxAttempts } from '../../packages/idp/test/provisioning/outbox-attempts.js';
import { type ProvisioningStack, startProvisioningStack } from './support.js';

describe('provisioning through the SP’s SCIM rate limit (real SP over HTTP)', function () {
  this.timeout(60_000);
  let s: ProvisioningStack;
  afterEach(async () => s?.stop());

  it('delivers every user of a binding exactly once with zero failed events or attempts', async () => {
    // The SP's default rate (600/min) in 2-second windows: 20 requests per window, ~60 requests to send.
    s = await startProvisioningStack({ spConfig: { scimRateLimitPerMinute: 600, scimRateLimitWindowSeconds: 2 } });
    const d = s.idp.services.directory;
    const group = await d.createGroup({ name: 'Paced learners' });
    const n = 28;
    for (let i = 0; i < n; i++) {
      const u = await d.createUser({ username: `paced${i}`, email: `paced${i}@example.com`, firstName: 'Paced', lastName: String(i) });
      await d.addMember(group.id, u.id);
    }
    await d.bindGroup(s.appId, group.id);
    await eventually(async () => (await s.idp.store.outbox.counts(s.appId)).pending === 0, { timeoutMs: 40_000 });

    const created = (await s.idp.services.events.list({ type: 'user_create_provision', limit: 200 })).items;
    expect(created.filter((e) => e.username?.startsWith('paced')).map((e) => e.success)).to.deep.equal(Array(n).fill(true));
    const failed = (await s.idp.services.events.list({ success: false, limit: 200 })).items.filter((e) => e.type.endsWith('_provision'));
    expect(failed).to.deep.equal([]);
    expect(await outboxAttempts(s.idp)).to.include({ attempts: 0, failed: 0 });
    const atSp = await eventually(() =>
      s.scim<{ totalResults: number }>(`/Users?count=1&filter=${encodeURIComponent('userName sw "paced"')}`),
    );
    expect(atSp.totalResults).to.equal(n);
  });

  it('tells SCIM clients the budget in RateLimit and RateLimit-Policy headers', async () => {
    s = await startProvisioningStack({ activate: false, spConfig: { scimRateLimitPerMinute: 600, scimRateLimitWindowSeconds: 60 } });
    const res = await fetch(`${s.scimUrl}/Users?count=1`, { headers: { authorization: 'Bearer test-scim-token-0123456789abcdef' } });
    expect(res.status).to.equal(200);
    expect(res.headers.get('ratelimit-policy')).to.equal('"scim";q=600;w=60');
    expect(res.headers.get('ratelimit')).to.match(/^"scim";r=599;t=\d+$/);
  });
});
