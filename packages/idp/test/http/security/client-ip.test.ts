// The client IP that per-IP throttling and Directory Insights use. X-Forwarded-For is read
// only when IDP_TRUSTED_PROXY_HOPS says proxies stand in front, and then only the entries they added.
import { expect } from 'chai';
import { type Harness, startIdp } from '../../helpers/harness.js';
import { inputValue } from '../../helpers/html.js';

async function failedLoginIp(h: Harness, forwardedFor: string): Promise<unknown> {
  const client = h.client();
  const page = await (await client.get('/login')).text();
  const form = { _csrf: inputValue(page, '_csrf') ?? '', username: 'demo.user', password: 'not-the-password' };
  expect((await client.post('/login', form, { 'x-forwarded-for': forwardedFor })).status).to.equal(401);
  const { items } = await h.idp.services.events.list({ type: 'user_login_attempt', success: false, limit: 1, offset: 0 });
  return (items[0]?.detail as { ip?: string } | undefined)?.ip;
}

describe('IdP client IP behind proxies', () => {
  it('ignores X-Forwarded-For when no proxy is trusted (a client cannot pick its own IP)', async () => {
    const h = await startIdp();
    try {
      const ip = await failedLoginIp(h, '203.0.113.7');
      expect(ip)
        .to.be.a('string')
        .and.match(/127\.0\.0\.1|::1/);
    } finally {
      await h.close();
    }
  });

  it('takes the address the nearest trusted proxy saw, not the client-supplied leftmost entry', async () => {
    const h = await startIdp({ trustedProxyHops: 1 });
    try {
      expect(await failedLoginIp(h, '203.0.113.7, 198.51.100.9')).to.equal('198.51.100.9');
    } finally {
      await h.close();
    }
  });
});
