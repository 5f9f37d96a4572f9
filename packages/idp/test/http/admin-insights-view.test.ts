// Directory Insights for people: resources by name, an event's detail, day pickers (the To day included),
// and a CSV export of the filtered events.
import { advanceableClock, nextNoonUtc } from '@samlbridge/test-support';
import { expect } from 'chai';
import { unescapeHtml } from '../helpers/html.js';
import { type Portal, startPortal } from '../helpers/portal.js';

describe('admin portal: Directory Insights names, detail, days and CSV', () => {
  let p: Portal;
  let userId = '';
  // From noon UTC: the event recorded in before() and the test's "today" are on one day.
  const clock = advanceableClock({ startAt: nextNoonUtc() });
  before(async () => {
    p = await startPortal({}, { clock });
    const user = await p.h.idp.services.directory.createUser({
      username: 'ada.insight',
      email: 'ada.insight@example.com',
      firstName: 'Ada',
      lastName: 'Insight',
      password: 'insight-password-1',
    });
    userId = user.id;
    await p.h.idp.services.events.record({
      type: 'user_update_provision',
      initiator: 'provisioning',
      userId: null,
      username: null,
      resource: `user:${userId}`,
      application: 'talentlms',
      success: true,
      reason: null,
      detail: { changed: ['email', 'lastName'], passwordPushed: false, httpStatus: 200 },
    });
  });
  after(() => p.h.close());

  it('names a user resource instead of showing user:<id>, and shows the event detail', async () => {
    const page = unescapeHtml(await (await p.admin.get('/admin/insights?type=user_update_provision')).text());
    expect(page).to.contain('<td data-label="Resource">user ada.insight</td>');
    expect(page).not.to.contain(`user:${userId}`);
    expect(page).to.contain('<details><summary>Detail</summary>');
    expect(page).to.contain('<dt>changed</dt><dd><code>["email","lastName"]</code></dd>');
    expect(page).to.contain('<dt>passwordPushed</dt><dd><code>false</code></dd>');
  });

  it('filters by days with date pickers; the To day is included', async () => {
    const today = clock.now().toISOString().slice(0, 10);
    const page = await (await p.admin.get(`/admin/insights?type=user_update_provision&from=${today}&to=${today}`)).text();
    expect(page).to.contain(`<input type="date" id="from" name="from" value="${today}">`);
    expect(page).to.contain('1 event ·');
    const before = await (await p.admin.get('/admin/insights?type=user_update_provision&to=2000-01-01')).text();
    expect(before).to.contain('0 events');
  });

  it('exports the filtered events as CSV with names, behind the admin sign-in', async () => {
    const page = unescapeHtml(await (await p.admin.get('/admin/insights?type=user_update_provision')).text());
    expect(page).to.contain('href="/admin/insights.csv?type=user_update_provision"');
    const res = await p.admin.get('/admin/insights.csv?type=user_update_provision');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).to.contain('directory-insights.csv');
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).to.equal('time,type,initiator,application,resource,outcome,reason,detail');
    expect(lines).to.have.length(2);
    expect(lines[1]).to.contain(',user_update_provision,provisioning,talentlms,user ada.insight,success,,');
    expect((await p.h.client().get('/admin/insights.csv')).status).to.equal(303);
  });

  it('answers a bad CSV filter with 400 and the reason', async () => {
    const res = await p.admin.get('/admin/insights.csv?from=yesterday');
    expect(res.status).to.equal(400);
    expect(await res.text()).to.match(/from/);
  });
});
