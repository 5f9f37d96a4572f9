// Two IdP instances on one PostgreSQL database, both running the outbox worker: when the application answers one
// of them 429 with Retry-After, the pause is stored per integration and the other instance holds off too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '@samlbridge/test-support';
import type { ScratchDatabase } from '@samlbridge/web';
import { expect } from 'chai';
import { pino } from 'pino';
import { createIdp, type Idp, seedDemo } from '../../src/index.js';
import { migratedIdpDatabase } from '../helpers/scratch-database.js';
import { type FakeScim, startFakeScim } from './fake-scim.js';
import { outboxAttempts } from './outbox-attempts.js';

describe('provisioning pause shared by IdP instances (PostgreSQL)', function () {
  this.timeout(60_000);
  let database: ScratchDatabase | undefined;
  let dir: string;
  let scim: FakeScim;
  const idps: Idp[] = [];

  before(async () => {
    database = await migratedIdpDatabase('idp_pause_shared');
  });
  after(async () => database?.drop());
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'idp-pause-pg-'));
    scim = await startFakeScim();
  });
  afterEach(async () => {
    for (const idp of idps.splice(0)) await idp.close();
    await scim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds every instance’s requests until the Retry-After one instance was given', async () => {
    if (!database) throw new Error('no PostgreSQL test database (see the "before all" hook)');
    const config = {
      dataDir: dir,
      databaseUrl: database.url,
      logLevel: 'silent',
      provisioningPollMs: 50,
      // Two in flight per instance: the creates already sent when the 429 comes are few, so their arrival (in this
      // busy test process) cannot blur the "nothing until Retry-After" window.
      provisioningConcurrency: 2,
      provisioningRetryBaseMs: 40,
      provisioningRetryMaxMs: 200,
      secretKey: 'b'.repeat(64),
    };
    const a = await createIdp({ env: {}, config, logger: pino({ level: 'silent' }) });
    idps.push(a);
    const app = await seedDemo(a, { spBaseUrl: 'http://sp.test', spEntityId: 'sp.test', spAcsUrl: 'http://sp.test/acs' });
    await a.provisioning.idm.activate(app.id, { baseUrl: scim.url, token: scim.token }, 'test');
    await eventually(() => scim.users.size === 1);
    const b = await createIdp({ env: {}, config, logger: pino({ level: 'silent' }) });
    idps.push(b);

    const group = await a.services.directory.createGroup({ name: 'Shared pause' });
    for (let i = 0; i < 40; i++) {
      const u = await a.services.directory.createUser({ username: `shared${i}`, email: `shared${i}@example.com` });
      await a.services.directory.addMember(group.id, u.id);
    }
    const before = scim.requests.length;
    scim.fail({ status: 429, headers: { 'retry-after': '2' }, match: (r) => r.method === 'POST' && r.path === '/Users' });
    await a.services.directory.bindGroup(app.id, group.id);
    b.provisioning.worker.wake();
    await eventually(() => scim.users.size === 41, { timeoutMs: 30_000 });

    const refused = scim.requests.slice(before).find((r) => r.method === 'POST' && r.path === '/Users')!;
    // Requests already on their way when the 429 was sent may land just after it; then nothing until Retry-After.
    const during = scim.requests.filter((r) => r.at > refused.at + 500 && r.at < refused.at + 1990);
    expect(during.map((r) => `${r.method} ${r.path}`)).to.deep.equal([]);
    await Promise.all(idps.map((i) => i.provisioning.worker.idle()));
    const failed = (await a.services.events.list({ success: false, limit: 100 })).items.filter((e) => e.type.endsWith('_provision'));
    expect(failed).to.deep.equal([]);
    expect(await outboxAttempts(a)).to.include({ attempts: 0, failed: 0 });
    // 40 creates, plus the one refused with 429.
    expect(scim.requests.slice(before).filter((r) => r.method === 'POST' && r.path === '/Users')).to.have.length(41);
  });
});
