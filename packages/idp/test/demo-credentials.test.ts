// createIdp warns loudly when a public (https) IdP still uses the demo admin password or API key.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logSink, seedTestSigningKey } from '@samlbridge/test-support';
import { expect } from 'chai';
import { pino } from 'pino';
import { createIdp } from '../src/index.js';

const DEMO_PASSWORD = 'admin-demo-password';
const DEMO_KEY = 'idp-demo-admin-key';

/** A pino logger writing into a sink the test reads back. */
function captureLogger() {
  const log = logSink();
  return { logger: pino({ level: 'info' }, log.stream), log };
}

describe('createIdp: demo credentials on a public base URL', () => {
  let dir: string;
  beforeEach(() => {
    dir = seedTestSigningKey(mkdtempSync(join(tmpdir(), 'samlbridge-demo-creds-')));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function start(config: Record<string, unknown>) {
    const { logger, log } = captureLogger();
    const idp = await createIdp({ env: {}, config: { dataDir: dir, ...config }, logger });
    await idp.close();
    // Other start-up warnings (e.g. the generated IDP_SECRET_KEY) are not this test's subject.
    return { warnings: log.records().filter((l) => l.level === 40 && l.settings), all: log.text() };
  }

  it('warns, naming both settings but not their values, with an https base URL and the demo defaults', async () => {
    const { warnings, all } = await start({ baseUrl: 'https://idp.example.test' });
    expect(warnings).to.have.length(1);
    expect(warnings[0]?.settings).to.deep.equal(['IDP_ADMIN_PASSWORD', 'IDP_ADMIN_API_KEY']);
    expect(warnings[0]?.msg).to.contain('SECURITY').and.contain('public demo default');
    expect(all).not.to.contain(DEMO_PASSWORD).and.not.contain(DEMO_KEY);
  });

  it('names only the API key when just the admin password was changed, and nothing when both were', async () => {
    const onlyKey = await start({ baseUrl: 'https://idp.example.test', adminPassword: 'a-strong-admin-password' });
    expect(onlyKey.warnings.map((w) => w.settings)).to.deep.equal([['IDP_ADMIN_API_KEY']]);
    rmSync(dir, { recursive: true, force: true });
    const none = await start({
      baseUrl: 'https://idp.example.test',
      adminPassword: 'a-strong-admin-password',
      adminApiKey: 'a-strong-api-key',
    });
    expect(none.warnings).to.deep.equal([]);
  });

  it('still warns when IDP_ADMIN_PASSWORD changed but the stored admin kept the demo password', async () => {
    await start({ baseUrl: 'http://localhost:4000' });
    const later = await start({
      baseUrl: 'https://idp.example.test',
      adminPassword: 'changed-in-env-only',
      adminApiKey: 'a-strong-api-key',
    });
    expect(later.warnings.map((w) => w.settings)).to.deep.equal([['IDP_ADMIN_PASSWORD']]);
  });

  it('stays quiet on a plain-http base URL (local demo)', async () => {
    expect((await start({ baseUrl: 'http://localhost:4000' })).warnings).to.deep.equal([]);
  });
});
