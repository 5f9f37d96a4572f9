// GET /api/signing-keys reports an expired certificate as expired, not only as "expires within 30 days".
import { fixedClock } from '@samlbridge/web';
import { expect } from 'chai';
import { apiClient } from '../helpers/api.js';
import { type Harness, startIdp } from '../helpers/harness.js';

const DAY = 24 * 3600 * 1000;

describe('admin API: signing key expiry flags', () => {
  const clock = fixedClock(new Date());
  let h: Harness;
  beforeEach(async () => {
    clock.set(new Date());
    h = await startIdp({}, { clock });
  });
  afterEach(() => h.close());

  async function activeKey() {
    const res = await apiClient(h)('GET', '/signing-keys');
    expect(res.status).to.equal(200);
    return res.body.items[0] as Record<string, unknown>;
  }

  it('reports a certificate far from its notAfter as neither expired nor expiring', async () => {
    expect(await activeKey()).to.include({ state: 'active', expired: false, expiresWithin30Days: false });
  });

  it('reports a certificate 10 days before its notAfter as expiring within 30 days but not expired', async () => {
    clock.set(new Date(h.idp.keys.active().notAfter.getTime() - 10 * DAY));
    expect(await activeKey()).to.include({ expired: false, expiresWithin30Days: true });
  });

  it('reports a certificate past its notAfter as expired', async () => {
    clock.set(new Date(h.idp.keys.active().notAfter.getTime() + DAY));
    expect(await activeKey()).to.include({ expired: true, expiresWithin30Days: true });
  });
});
