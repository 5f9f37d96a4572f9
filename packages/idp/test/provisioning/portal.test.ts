import { expect } from 'chai';
import { adminSignIn, submit, submitPairs } from '../helpers/admin.js';
import type { Client } from '../helpers/cookie-jar.js';
import { type Harness, startIdp } from '../helpers/harness.js';
import { unescapeHtml } from '../helpers/html.js';
import { type FakeScim, startFakeScim } from './fake-scim.js';

describe('admin portal: Identity Management tab', function () {
  this.timeout(20000);
  let h: Harness;
  let scim: FakeScim;
  let admin: Client;
  let csrf: string;
  let tab: string;
  before(async () => {
    scim = await startFakeScim();
    h = await startIdp({ provisioningPollMs: 50, provisioningRetryBaseMs: 50 });
    admin = h.client();
    csrf = await adminSignIn(admin);
    const app = await h.idp.services.directory.findApplicationByName('talentlms');
    tab = `/admin/applications/${app!.id}/identity-management`;
  });
  after(async () => {
    await h.close();
    await scim.close();
  });

  it('shows the Base URL and Token Key form while not configured', async () => {
    const page = await (await admin.get(tab)).text();
    expect(page).to.include('Not configured').and.include('name="baseUrl"').and.include('name="token"');
  });

  it('shows the SP’s refusal when the token is wrong, and stores nothing', async () => {
    const { page } = await submit(admin, `${tab}/activate`, { baseUrl: scim.url, token: 'wrong', importSchedule: 'manual' }, csrf);
    expect(unescapeHtml(page)).to.include('refused the token key (HTTP 401)');
    expect(page).to.include('Not configured');
  });

  it('activates with a confirmation, provisions, and lists per-user sync status', async () => {
    const { page } = await submit(admin, `${tab}/activate`, { baseUrl: scim.url, token: scim.token, importSchedule: 'manual' }, csrf);
    expect(page).to.include('successfully verified');
    expect(page).to.include('Active');
    expect(page).to.not.include(scim.token);
    await h.idp.provisioning.worker.idle();
    for (let i = 0; i < 50 && scim.users.size === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const again = await (await admin.get(tab)).text();
    expect(again).to.include('demo.user').and.include('user_create_provision');
  });

  it('refuses a token change while active, with the way out', async () => {
    const { page } = await submit(admin, `${tab}/update`, { baseUrl: scim.url, token: 'other', importSchedule: 'manual' }, csrf);
    expect(unescapeHtml(page)).to.include('deactivate the IdM integration, update the token, then reactivate it');
  });

  it('shows the progress of a bulk provisioning while changes wait for the SP', async () => {
    scim.fail({
      status: 503,
      headers: { 'retry-after': '120' },
      match: (r) => r.method === 'GET' && r.query.get('filter')?.includes('waiting.one') === true,
    });
    const group = await h.idp.services.directory.findGroupByName('TalentLMS Users');
    const u = await h.idp.services.directory.createUser({ username: 'waiting.one', email: 'waiting.one@example.com' });
    await h.idp.services.directory.addMember(group!.id, u.id);
    const tried = () => scim.requests.some((r) => r.query.get('filter')?.includes('waiting.one'));
    for (let i = 0; i < 200 && !tried(); i++) await new Promise((r) => setTimeout(r, 20));
    expect(tried(), 'the worker tried the SP').to.equal(true);
    const page = await (await admin.get(tab)).text();
    expect(page).to.match(/<div class="progress" role="status"[^>]*data-total="\d+"/);
    expect(page).to.include('Provisioning changes delivered').and.include('1 waiting').and.include('Refresh');
  });

  it('imports selected New users from the manual import list', async () => {
    scim.users.set('500', {
      id: '500',
      userName: 'from.lms',
      name: { givenName: 'From', familyName: 'Lms' },
      emails: [{ value: 'from.lms@example.com', primary: true }],
    });
    const list = await (await admin.get(`${tab}/import?newOnly=true`)).text();
    expect(list).to.include('from.lms').and.include('New').and.not.include('>demo.user<');
    const { page } = await submitPairs(admin, `${tab}/import`, [['ids', '500']], csrf);
    expect(page).to.include('1 imported, 0 failed');
    expect(await h.idp.services.directory.findUserByUsername('from.lms')).to.include({ email: 'from.lms@example.com' });
  });

  it('deactivates the IdM connection', async () => {
    const { page } = await submit(admin, `${tab}/deactivate`, {}, csrf);
    expect(page).to.include('deactivated').and.include('Deactivated');
  });
});
