import { DOCUMENTED_LOGIN_THROTTLE_DEFAULTS } from '@samlbridge/test-support';
import { ConfigError } from '@samlbridge/web';
import { expect } from 'chai';
import { describeIdpConfig, loadIdpConfig, resolveDatabase } from '../src/config.js';

describe('IdP configuration', () => {
  it('applies the documented defaults', () => {
    const c = loadIdpConfig({});
    expect(c).to.include({
      port: 4000,
      baseUrl: 'http://localhost:4000',
      dataDir: './data/idp',
      sessionTtlSeconds: 28800,
      clockSkewSeconds: 60,
    });
    expect(c).to.include({ assertionLifetimeSeconds: 300, requestMaxAgeSeconds: 300, logLevel: 'info', samlTrace: false });
    expect(c).to.include({ adminApiKey: 'idp-demo-admin-key', demoUser: 'demo.user' });
  });

  it('reads IDP_PASSWORD_HASH_COST (default 15) and refuses one outside 10–17 with the range', () => {
    expect(loadIdpConfig({}).passwordHashCost).to.equal(15);
    expect(loadIdpConfig({ IDP_PASSWORD_HASH_COST: '10' }).passwordHashCost).to.equal(10);
    for (const raw of ['9', '18', 'cheap']) {
      expect(() => loadIdpConfig({ IDP_PASSWORD_HASH_COST: raw }), raw).to.throw(ConfigError, 'IDP_PASSWORD_HASH_COST');
    }
    expect(() => loadIdpConfig({ IDP_PASSWORD_HASH_COST: '18' })).to.throw('is not between 10 and 17');
  });

  it('reads IDP_SIGNING_THREADS (default 1, 0 = sign on the main thread) and refuses one that is not 0–16', () => {
    expect(loadIdpConfig({}).signingThreads).to.equal(1);
    expect(loadIdpConfig({ IDP_SIGNING_THREADS: '0' }).signingThreads).to.equal(0);
    expect(loadIdpConfig({ IDP_SIGNING_THREADS: '4' }).signingThreads).to.equal(4);
    for (const raw of ['-1', '1.5', 'two', '17']) {
      expect(() => loadIdpConfig({ IDP_SIGNING_THREADS: raw }), raw).to.throw(ConfigError, 'IDP_SIGNING_THREADS');
    }
    expect(() => loadIdpConfig({ IDP_SIGNING_THREADS: '17' })).to.throw('is more than 16 threads');
  });

  it('lists every invalid setting at once', () => {
    try {
      loadIdpConfig({ IDP_PORT: 'eighty', IDP_BASE_URL: 'ftp://x', IDP_SAML_TRACE: 'maybe' });
      expect.fail('should throw');
    } catch (err) {
      expect(err).to.be.instanceOf(ConfigError);
      expect((err as ConfigError).problems.join('\n'))
        .to.contain('IDP_PORT')
        .and.contain('IDP_BASE_URL')
        .and.contain('IDP_SAML_TRACE');
    }
  });

  it('reads the sign-in throttle limits (defaults: 5 per account and 50 per IP per 900 s, 900 s lock) and lists every bad one', () => {
    expect(loadIdpConfig({})).to.include(DOCUMENTED_LOGIN_THROTTLE_DEFAULTS);
    expect(loadIdpConfig({ IDP_LOGIN_MAX_FAILURES_PER_IP: '20', IDP_LOGIN_ACCOUNT_WINDOW_SECONDS: '300' })).to.include({
      loginMaxFailuresPerIp: 20,
      loginAccountWindowSeconds: 300,
    });
    try {
      loadIdpConfig({
        IDP_LOGIN_MAX_FAILURES_PER_ACCOUNT: '-1',
        IDP_LOGIN_IP_WINDOW_SECONDS: '1.5',
        IDP_LOGIN_MAX_FAILURES_PER_IP: '2000000',
      });
      expect.fail('should throw');
    } catch (err) {
      expect((err as ConfigError).problems).to.deep.equal([
        'IDP_LOGIN_MAX_FAILURES_PER_ACCOUNT: "-1" is not a positive whole number',
        'IDP_LOGIN_MAX_FAILURES_PER_IP: "2000000" is more than 1000000 attempts',
        'IDP_LOGIN_IP_WINDOW_SECONDS: "1.5" is not a positive whole number',
      ]);
    }
  });

  it('resolves the SQLite file from IDP_DATABASE_URL or the data directory', () => {
    expect(resolveDatabase({ databaseUrl: '', dataDir: '/srv/idp' })).to.deep.equal({ kind: 'sqlite', file: '/srv/idp/idp.db' });
    expect(resolveDatabase({ databaseUrl: 'sqlite:/tmp/x.db', dataDir: '.' }).file).to.equal('/tmp/x.db');
    expect(resolveDatabase({ databaseUrl: '/tmp/y.db', dataDir: '.' }).file).to.equal('/tmp/y.db');
    expect(resolveDatabase({ databaseUrl: 'sqlite::memory:', dataDir: '.' }).file).to.equal(':memory:');
  });

  it('chooses PostgreSQL for a postgres:// or postgresql:// URL', () => {
    expect(resolveDatabase({ databaseUrl: 'postgres://u@h/db', dataDir: '.' })).to.deep.equal({
      kind: 'postgres',
      url: 'postgres://u@h/db',
    });
    expect(resolveDatabase({ databaseUrl: 'postgresql://u@h:5433/idp', dataDir: '.' }).kind).to.equal('postgres');
  });

  it('documents every variable in a table', () => {
    const table = describeIdpConfig();
    for (const v of ['IDP_PORT', 'IDP_BASE_URL', 'IDP_DATABASE_URL', 'IDP_ADMIN_API_KEY', 'IDP_SAML_TRACE'])
      expect(table).to.contain(`\`${v}\``);
  });
});
