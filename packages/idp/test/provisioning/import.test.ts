// Import from the application: the hourly schedule (injected clock), failure notifications of
// background imports, and the in-memory progress of a background job.
import { suiteFixture } from '@samlbridge/test-support';
import { fixedClock } from '@samlbridge/web';
import { expect } from 'chai';
import { startImportSetup } from './import-setup.js';

const MINUTE = 60_000;

describe('provisioning import: schedule, failures and progress', function () {
  this.timeout(20000);
  const clock = fixedClock(new Date('2030-01-01T09:00:00Z'));
  beforeEach(() => clock.set(new Date('2030-01-01T09:00:00Z')));
  const setup = suiteFixture(() => startImportSetup(clock), { each: true });

  const remoteUser = (id: string, userName: string) =>
    setup.scim.users.set(id, {
      id,
      userName,
      name: { givenName: 'R', familyName: id },
      emails: [{ value: `${userName}@example.com`, primary: true }],
    });
  const local = (userName: string) => setup.idp.services.directory.findUserByUsername(userName);
  const lastImportAt = async () => (await setup.idp.provisioning.idm.get(setup.appId)).lastImportAt;
  const notices = async () => (await setup.idp.provisioning.notifications({ limit: 50, offset: 0 })).items;

  it('the hourly schedule imports New users, then waits an hour on the injected clock', async () => {
    remoteUser('r1', 'hourly.one');
    await setup.idp.provisioning.importer.runScheduled();
    expect(await local('hourly.one')).to.include({ email: 'hourly.one@example.com' });
    expect(await lastImportAt()).to.equal('2030-01-01T09:00:00.000Z');

    remoteUser('r2', 'hourly.two');
    clock.advance(30 * MINUTE);
    await setup.idp.provisioning.importer.runScheduled();
    expect(await local('hourly.two')).to.equal(undefined); // not due yet
    clock.advance(31 * MINUTE);
    await setup.idp.provisioning.importer.runScheduled();
    expect(await local('hourly.two')).to.not.equal(undefined);
    expect(await lastImportAt()).to.equal('2030-01-01T10:01:00.000Z');
  });

  it('a scheduled import that fails posts a failure notification and leaves lastImportAt for the next check', async () => {
    remoteUser('r1', 'after.failure');
    setup.scim.fail({ status: 500, match: (r) => r.method === 'GET' && r.path === '/Users' && !r.query.has('filter') });
    await setup.idp.provisioning.importer.runScheduled();
    expect(await lastImportAt()).to.equal(null);
    const [failure] = (await notices()).filter((n) => n.kind === 'import_failed');
    expect(failure?.message).to.match(/^Import from .* failed: GET \/Users → 500/);
    expect(failure?.message).to.include('run the import again');
    const events = await setup.idp.services.events.list({ type: 'user_import', success: false });
    expect(events.items[0]).to.include({ reason: 'import_failed', initiator: 'system:scheduled-import' });

    clock.advance(MINUTE); // the next check retries at once: the failed run did not count
    await setup.idp.provisioning.importer.runScheduled();
    expect(await local('after.failure')).to.not.equal(undefined);
    expect(await lastImportAt()).to.equal('2030-01-01T09:01:00.000Z');
  });

  it('a background import that throws posts a failure notification with its progress, and the job shows it', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 101; i++) {
      remoteUser(`b${i}`, `bulk.${i}`);
      ids.push(`b${i}`);
    }
    const links = setup.idp.store.provisioningLinks;
    const original = links.findByRemoteId.bind(links);
    let calls = 0;
    links.findByRemoteId = async (...args) => {
      if (++calls > 3) throw new Error('database is locked');
      return original(...args);
    };
    try {
      const app = await setup.idp.provisioning.idm.requireApp(setup.appId);
      const started = await setup.idp.provisioning.importer.importUsers(app, ids, 'admin:test');
      expect(started.background).to.equal(true);
      await setup.idp.provisioning.importer.settle();
    } finally {
      links.findByRemoteId = original;
    }
    const [failure] = (await notices()).filter((n) => n.kind === 'import_failed');
    expect(failure?.message).to.include('failed after 3 of 101 users (3 imported): database is locked');
    const [job] = setup.idp.provisioning.importer.jobs(setup.appId);
    expect(job).to.include({ state: 'failed', done: 3, total: 101, imported: 3, error: 'database is locked' });
  });

  it('a background import records its progress and a completion notice', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) {
      remoteUser(`p${i}`, `progress.${i}`);
      ids.push(`p${i}`);
    }
    const app = await setup.idp.provisioning.idm.requireApp(setup.appId);
    await setup.idp.provisioning.importer.importUsers(app, ids, 'admin:test');
    const [running] = setup.idp.provisioning.importer.jobs(setup.appId);
    expect(running).to.include({ total: 120 });
    await setup.idp.provisioning.importer.settle();
    expect(setup.idp.provisioning.importer.jobs(setup.appId)[0]).to.include({ state: 'finished', done: 120, imported: 120 });
    expect((await notices()).some((n) => n.kind === 'import_complete' && n.message.includes('120 imported'))).to.equal(true);
  });
});
