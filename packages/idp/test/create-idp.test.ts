import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { pino } from 'pino';
import { createIdp, seedDemo } from '../src/index.js';

const SEED = { spBaseUrl: 'http://localhost:5000', spEntityId: 'localhost', spAcsUrl: 'http://localhost:5000/acs' };

describe('createIdp and seedDemo', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'samlbridge-idp-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const make = (config: Record<string, unknown> = {}) =>
    createIdp({ env: {}, config: { dataDir: dir, ...config }, logger: pino({ level: 'silent' }) });

  it('creates the signing key with mode 0600 and keeps it across restarts', async () => {
    const a = await make();
    await a.close();
    const b = await make();
    await b.close();
    expect(b.signing.certificatePem).to.equal(a.signing.certificatePem);
    const key = statSync(join(dir, 'idp-signing.key'));
    expect(key.mode & 0o777).to.equal(0o600);
    expect(statSync(join(dir, 'idp.db')).isFile()).to.equal(true);
  });

  it('bootstraps the admin from IDP_ADMIN_EMAIL / IDP_ADMIN_PASSWORD on first start, without seedDemo', async () => {
    const idp = await make();
    const admin = await idp.services.admins.authenticate('ADMIN@example.com', 'admin-demo-password');
    expect(admin?.email).to.equal('admin@example.com');
    expect(await idp.services.admins.authenticate('admin@example.com', 'wrong-password')).to.equal(undefined);
    await idp.close();
  });

  it('seeds the demo directory once; a second run changes nothing', async () => {
    const idp = await make();
    const first = await seedDemo(idp, SEED);
    // The admin already exists: createIdp bootstraps it on first start.
    expect(first.seeded.created).to.deep.equal(['application', 'group', 'user']);
    expect(first).to.include({ name: 'talentlms', spEntityId: 'localhost' });
    expect(first.acsUrls).to.deep.equal(['http://localhost:5000/acs']);
    const second = await seedDemo(idp, SEED);
    expect(second.seeded.created).to.deep.equal([]);
    expect(second.id).to.equal(first.id);
    expect((await idp.services.directory.getGroup(first.seeded.groupId)).memberIds).to.deep.equal([first.seeded.userId]);
    expect(await idp.services.authorization.canLaunch(first.seeded.userId, first.id)).to.equal(true);
    expect((await idp.services.directory.authenticate('demo.user', 'demo-password')).ok).to.equal(true);
    await idp.close();
  });

  it('stops with a clear error when the PostgreSQL server cannot be reached', async () => {
    let error: unknown;
    try {
      await make({ databaseUrl: 'postgres://postgres@127.0.0.1:1/idp' });
    } catch (err) {
      error = err;
    }
    expect(String(error)).to.contain('Could not open the PostgreSQL database');
  });
});
