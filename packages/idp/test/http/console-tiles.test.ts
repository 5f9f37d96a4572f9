import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { apiClient, problems } from '../helpers/api.js';
import type { Client } from '../helpers/client.js';
import { signInThroughForm, startIdp } from '../helpers/harness.js';

describe('user console: exactly the tiles a user may launch', () => {
  const h = suiteFixture(() => startIdp());
  const api = apiClient(h);
  let demo: Client;
  let groupId: string;
  before(async () => {
    demo = h.client();
    await signInThroughForm(demo, '/login?next=/userconsole/');
    groupId = (await h.idp.services.directory.findGroupByName('TalentLMS Users'))?.id ?? '';
  });

  const consolePage = async () => (await demo.get('/userconsole/')).text();

  it('shows no tile for a bound TalentLMS application still holding placeholders, whose SSO URL answers 409', async () => {
    const app = (await api('POST', '/applications', { catalog: 'talentlms', displayLabel: 'Unconfigured LMS' })).body;
    await h.idp.services.directory.bindGroup(app.id, groupId);
    expect(await consolePage()).not.to.contain('/saml2/unconfigured-lms');
    expect((await demo.get('/saml2/unconfigured-lms')).status).to.equal(409);
    await api('PATCH', `/applications/${app.id}`, { spEntityId: 'lms.test', acsUrls: ['http://sp.test/acs'] });
    expect(await consolePage()).to.contain('href="/saml2/unconfigured-lms"');
  });

  it('shows no tile for a custom SAML application without SSO settings', async () => {
    const app = (await api('POST', '/applications', { displayLabel: 'Empty Custom' })).body;
    await h.idp.services.directory.bindGroup(app.id, groupId);
    expect(await consolePage()).not.to.contain('/saml2/empty-custom');
    const demoUser = await h.idp.services.directory.findUserByUsername('demo.user');
    const launchable = await h.idp.services.authorization.launchableApplications(demoUser?.id ?? '');
    expect(launchable.map((a) => a.name))
      .to.include('talentlms')
      .and.not.include('empty-custom');
  });

  it('refuses to create the TalentLMS bookmark without replacing its YOURDOMAIN URL, naming bookmarkUrl', async () => {
    const res = await api('POST', '/applications', { catalog: 'talentlms-bookmark' });
    expect(res.status).to.equal(400);
    expect(problems(res)).to.deep.equal(['bookmarkUrl: still holds a YOURDOMAIN or SUBDOMAIN placeholder: enter your own URL']);
  });

  it('refuses to create a bookmark without a URL, or with an empty one', async () => {
    for (const body of [
      { catalog: 'bookmark', displayLabel: 'No URL' },
      { catalog: 'bookmark', displayLabel: 'Empty', bookmarkUrl: '' },
    ]) {
      const res = await api('POST', '/applications', body);
      expect(res.status).to.equal(400);
      expect(problems(res)).to.deep.equal(['bookmarkUrl: is required for a bookmark: enter the URL the tile opens']);
    }
  });

  it('refuses to save a bookmark URL holding a placeholder or emptied', async () => {
    const app = (await api('POST', '/applications', { catalog: 'bookmark', displayLabel: 'Wiki', bookmarkUrl: 'https://wiki.test/' })).body;
    const placeholder = await api('PATCH', `/applications/${app.id}`, { bookmarkUrl: 'https://YOURDOMAIN.talentlms.com/' });
    expect(placeholder.status).to.equal(400);
    expect(placeholder.body.details.map((d: { field: string }) => d.field)).to.deep.equal(['bookmarkUrl']);
    const empty = await api('PATCH', `/applications/${app.id}`, { bookmarkUrl: '' });
    expect(problems(empty)).to.deep.equal(['bookmarkUrl: is required for a bookmark: enter the URL the tile opens']);
  });
});
