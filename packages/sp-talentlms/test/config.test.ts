import { DOCUMENTED_LOGIN_THROTTLE_DEFAULTS } from '@samlbridge/test-support';
import { listen } from '@samlbridge/web';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { createSp, loadSpConfig } from '../src/index.js';
import { hostFetch } from './helpers/host-fetch.js';

describe('SP config', () => {
  it('has the documented defaults', () => {
    expect(loadSpConfig({})).to.include({
      port: 5000,
      baseUrl: 'http://localhost:5000',
      dataDir: './data/sp',
      adminApiKey: 'sp-demo-admin-key',
      adminUser: 'admin',
      adminPassword: 'admin-demo-password',
      clockSkewSeconds: 180,
      sessionTtlSeconds: 28800,
      logLevel: 'info',
      samlTrace: false,
    });
  });

  it('lists every invalid variable at once', () => {
    expect(() => loadSpConfig({ SP_PORT: 'x', SP_BASE_URL: 'ftp://a', SP_SAML_TRACE: 'maybe' })).to.throw(
      /SP_PORT[\s\S]*SP_BASE_URL[\s\S]*SP_SAML_TRACE/,
    );
  });

  it('reads the sign-in throttle limits (defaults: 5 per account and 50 per IP per 900 s, 900 s lock) and lists every bad one', () => {
    expect(loadSpConfig({})).to.include(DOCUMENTED_LOGIN_THROTTLE_DEFAULTS);
    expect(loadSpConfig({ SP_LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', SP_LOGIN_IP_LOCK_SECONDS: '60' })).to.include({
      loginMaxFailuresPerAccount: 3,
      loginIpLockSeconds: 60,
    });
    expect(() =>
      loadSpConfig({
        SP_LOGIN_MAX_FAILURES_PER_ACCOUNT: '0',
        SP_LOGIN_MAX_FAILURES_PER_IP: 'many',
        SP_LOGIN_ACCOUNT_LOCK_SECONDS: '999999',
      }),
    ).to.throw(
      /SP_LOGIN_MAX_FAILURES_PER_ACCOUNT: "0" is not a positive whole number[\s\S]*SP_LOGIN_ACCOUNT_LOCK_SECONDS: "999999" is more than 86400 seconds[\s\S]*SP_LOGIN_MAX_FAILURES_PER_IP: "many"/,
    );
  });

  it('bounds the clock skew: more than 600 s is refused with a way out', () => {
    expect(() => loadSpConfig({ SP_CLOCK_SKEW_SECONDS: '86400' })).to.throw(/SP_CLOCK_SKEW_SECONDS: "86400" is more than 600 seconds/);
    expect(loadSpConfig({ SP_CLOCK_SKEW_SECONDS: '600' }).clockSkewSeconds).to.equal(600);
  });

  it('stops with a clear error when the PostgreSQL server cannot be reached', async () => {
    let error: unknown;
    try {
      await createSp({ env: { SP_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/db', SP_LOG_LEVEL: 'silent' } });
    } catch (err) {
      error = err;
    }
    expect((error as Error).message).to.include('Could not open the PostgreSQL database');
  });

  it('makes the session cookie Secure when SP_BASE_URL is https', async () => {
    const sp = await createSp({ env: {}, config: { baseUrl: 'https://lms.example.test', databaseUrl: ':memory:', logLevel: 'silent' } });
    try {
      const server = await listen(sp.app, 0);
      const page = await hostFetch(`${server.url}/`, { host: 'lms.example.test' });
      const cookie = page.headers.getSetCookie().join(';');
      await server.close();
      expect(cookie).to.match(/secure/i);
      expect(cookie).to.match(/httponly/i);
    } finally {
      await sp.close();
    }
  });
});
