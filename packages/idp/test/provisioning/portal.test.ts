import { advanceableClock, eventually, nextNoonUtc, suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { submit, submitPairs } from '../helpers/admin.js';
import { unescapeHtml } from '../helpers/html.js';
import { startPortal } from '../helpers/portal.js';
import { startFakeScim } from './fake-scim.js';

describe('admin portal: Identity Management tab', function () {
  this.timeout(20000);
  // Moved forward past an SP's Retry-After by a test; from noon UTC, so the pause it shows ends the same day (the
  // notice names the date only when it is another: provisioning-pause-notice.test.ts).
  const clock = advanceableClock({ startAt: nextNoonUtc() });
  const scim = suiteFixture(() => startFakeScim());
  const p = suiteFixture(() => startPortal({ provisioningPollMs: 50, provisioningRetryBaseMs: 50 }, { clock }));
  const tab = () => `/admin/applications/${p.demoApp.id}/identity-management`;

  /** Activates the integration unless an earlier test did, so that each test also runs alone. */
  async function activated(): Promise<string> {
    const app = await p.h.idp.provisioning.idm.requireApp('talentlms');
    if (!(await p.h.idp.provisioning.idm.get(app.id)).active) {
      await p.h.idp.provisioning.idm.activate(app.id, { baseUrl: scim.url, token: scim.token }, 'test');
    }
    return app.id;
  }

  it('shows the Base URL and Token Key form while not configured', async () => {
    const page = await (await p.admin.get(tab())).text();
    expect(page).to.include('Not configured').and.include('name="baseUrl"').and.include('name="token"');
  });

  it('shows the SP’s refusal when the token is wrong, and stores nothing', async () => {
    const { page } = await submit(p.admin, `${tab()}/activate`, { baseUrl: scim.url, token: 'wrong', importSchedule: 'manual' }, p.csrf);
    expect(unescapeHtml(page)).to.include('refused the token key (HTTP 401)');
    expect(page).to.include('Not configured');
  });

  it('activates with a confirmation, provisions, and lists per-user sync status', async () => {
    const { page } = await submit(p.admin, `${tab()}/activate`, { baseUrl: scim.url, token: scim.token, importSchedule: 'manual' }, p.csrf);
    expect(page).to.include('successfully verified');
    expect(page).to.include('Active');
    expect(page).to.not.include(scim.token);
    await p.h.idp.provisioning.worker.idle();
    await eventually(() => scim.users.size > 0, { what: 'demo.user reaches the SP' });
    const again = await (await p.admin.get(tab())).text();
    expect(again).to.include('demo.user').and.include('user_create_provision');
  });

  it('refuses a token change while active, with the way out', async () => {
    await activated();
    const { page } = await submit(p.admin, `${tab()}/update`, { baseUrl: scim.url, token: 'other', importSchedule: 'manual' }, p.csrf);
    expect(unescapeHtml(page)).to.include('deactivate the IdM integration, update the token, then reactivate it');
  });

  it('shows the progress of a bulk provisioning while changes wait for the SP, and until when the SP paused it', async () => {
    const appId = await activated();
    scim.fail({
      status: 503,
      headers: { 'retry-after': '120' },
      match: (r) => r.method === 'POST' && r.body?.userName === 'waiting.one',
    });
    const group = await p.h.idp.services.directory.findGroupByName('TalentLMS Users');
    const u = await p.h.idp.services.directory.createUser({ username: 'waiting.one', email: 'waiting.one@example.com' });
    await p.h.idp.services.directory.addMember(group!.id, u.id);
    try {
      await expectPausedNotice(appId, u.id);
    } finally {
      // The SP answers again once its Retry-After has passed, also when the notice was wrong: the later tests need it.
      clock.advance(121_000);
      p.h.idp.provisioning.worker.wake();
    }
    await eventually(async () => (await p.h.idp.provisioning.userStatus(appId, u.id)).pendingChanges === 0, {
      what: 'waiting.one delivered after the Retry-After',
    });
    expect([...scim.users.values()].some((x) => x.userName === 'waiting.one')).to.equal(true);
    expect(await (await p.admin.get(tab())).text()).to.not.include('asked us to wait');
  });

  /** The worker tries the SP, which asks it to wait 120 s: the tab shows the waiting change and until when. */
  async function expectPausedNotice(appId: string, userId: string) {
    const tried = () => scim.requests.some((r) => r.method === 'POST' && r.body?.userName === 'waiting.one');
    await eventually(tried, { what: 'the worker tried the SP' });
    const paused = await eventually(() => p.h.idp.provisioning.pauseStatus(appId), { what: 'the stored pause' });
    const page = await eventually(
      async () => {
        const shown = await (await p.admin.get(tab())).text();
        return /Changes waiting<\/dt><dd>[1-9]/.test(shown) ? shown : undefined;
      },
      { what: 'the tab shows the change waiting' },
    );
    expect(page).to.match(/<div class="progress" role="status"[^>]*data-total="\d+"/);
    // The whole integration waits (not only waiting.one's change): the progress counts every waiting change.
    const { outbox } = await p.h.idp.provisioning.idm.get(appId);
    expect((await p.h.idp.provisioning.userStatus(appId, userId)).pendingChanges).to.equal(1);
    expect(page).to.include('Provisioning changes delivered').and.include(`${outbox.pending} waiting`).and.include('Refresh');
    const hhmmss = paused.until.toISOString().slice(11, 19);
    expect(unescapeHtml(page)).to.include(`asked us to wait: next delivery at ${hhmmss} UTC (Retry-After)`);
    expect(paused.until.getTime() - clock.now().getTime()).to.be.within(100_000, 120_000);
  }

  it('imports selected New users from the manual import list', async () => {
    await activated();
    scim.users.set('500', {
      id: '500',
      userName: 'from.lms',
      name: { givenName: 'From', familyName: 'Lms' },
      emails: [{ value: 'from.lms@example.com', primary: true }],
    });
    const list = await (await p.admin.get(`${tab()}/import?newOnly=true`)).text();
    expect(list).to.include('from.lms').and.include('New').and.not.include('>demo.user<');
    const { page } = await submitPairs(p.admin, `${tab()}/import`, [['ids', '500']], p.csrf);
    expect(page).to.include('1 imported, 0 failed');
    expect(await p.h.idp.services.directory.findUserByUsername('from.lms')).to.include({ email: 'from.lms@example.com' });
  });

  it('has a Resync button per provisioned user that queues the user again (CSRF-protected)', async () => {
    await activated();
    const demo = await p.h.idp.services.directory.findUserByUsername('demo.user');
    await eventually(async () => {
      const page = await (await p.admin.get(tab())).text();
      expect(page).to.include(`action="${tab()}/users/${demo!.id}/resync"`).and.include('aria-label="Resync demo.user"');
      return true;
    });
    const before = scim.requests.length;
    const { page: after } = await submit(p.admin, `${tab()}/users/${demo!.id}/resync`, {}, p.csrf);
    expect(unescapeHtml(after)).to.include('demo.user: queued to be pushed again');
    const app = await p.h.idp.provisioning.idm.requireApp('talentlms');
    await eventually(async () => (await p.h.idp.provisioning.userStatus(app.id, demo!.id)).pendingChanges === 0);
    expect(scim.requests.slice(before).some((r) => r.method === 'PATCH' && r.path.startsWith('/Users/'))).to.equal(true);
    const forged = await p.admin.post(`${tab()}/users/${demo!.id}/resync`, { _csrf: 'not-the-token' });
    expect(forged.status).to.equal(403);
  });

  it('shows a background import’s progress (done of total) while it runs, and says a restart stops it', async () => {
    await activated();
    const ids: string[] = [];
    for (let i = 0; i < 101; i++) {
      const id = String(600 + i);
      scim.users.set(id, { id, userName: `bulk.${i}`, emails: [{ value: `bulk.${i}@example.com`, primary: true }] });
      ids.push(id);
    }
    const release = scim.hold((r) => r.method === 'GET' && /^\/Users\/6(0[3-9]|[1-9]\d)$|^\/Users\/700$/.test(r.path));
    try {
      const { page } = await submitPairs(
        p.admin,
        `${tab()}/import`,
        ids.map((id) => ['ids', id] as [string, string]),
        p.csrf,
      );
      expect(page).to.include('Importing 101 users in the background');
      const app = await p.h.idp.provisioning.idm.requireApp('talentlms');
      await eventually(() => p.h.idp.provisioning.importer.jobs(app.id)[0]?.done === 3, { what: 'the first 3 users imported' });
      const running = await (await p.admin.get(tab())).text();
      expect(running).to.match(/<div class="progress" role="status"[^>]*data-done="3" data-total="101"/);
      expect(unescapeHtml(running))
        .to.include('Importing users')
        .and.include('3 imported, 0 failed')
        .and.include('if the IdP restarts before it finishes');
    } finally {
      release();
    }
    await p.h.idp.provisioning.importer.settle();
    const done = await (await p.admin.get(tab())).text();
    expect(done).to.not.include('Importing users');
    expect(done).to.include('finished: 101 imported');
  });

  it('deactivates the IdM connection', async () => {
    await activated();
    const { page } = await submit(p.admin, `${tab()}/deactivate`, { confirm: 'yes' }, p.csrf);
    expect(page).to.include('deactivated').and.include('Deactivated');
  });
});
