// A checkbox list saved as "exactly these" must only change what the form showed: a list cut short
// (paging, a stale page, a group created meanwhile) never unbinds what the admin did not see.
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { submitPairs } from '../helpers/admin.js';
import { startPortal } from '../helpers/portal.js';

describe('admin portal: saving bindings changes only the rows the form showed', () => {
  const p = suiteFixture(() => startPortal());

  it('keeps a binding to a group that was not on the submitted form', async () => {
    const d = p.h.idp.services.directory;
    const app = await p.appByName('talentlms');
    const shown = await d.createGroup({ name: 'Shown group', description: '' });
    const hidden = await d.createGroup({ name: 'Created meanwhile', description: '' });
    await d.setApplicationGroups(app!.id, [shown.id, hidden.id]);

    // The form listed only `shown` (checked off by the admin) and knew nothing of `hidden`.
    const { page } = await submitPairs(p.admin, `/admin/applications/${app!.id}/groups`, [['shownIds', shown.id]], p.csrf);
    expect(page).to.contain('User groups saved');
    const bound = (await d.getApplication(app!.id)).groupIds;
    expect(bound).to.include(hidden.id);
    expect(bound).to.not.include(shown.id);
  });

  it('does the same from the group panel for applications', async () => {
    const d = p.h.idp.services.directory;
    const group = await d.createGroup({ name: 'Panel group', description: '' });
    const app = await p.appByName('talentlms');
    await d.setGroupApplications(group.id, [app!.id]);
    await submitPairs(p.admin, `/admin/groups/${group.id}/applications`, [['shownIds', 'some-other-app']], p.csrf);
    expect(await d.listGroupApplicationIds(group.id)).to.deep.equal([app!.id]);
  });
});
