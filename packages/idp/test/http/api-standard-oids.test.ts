// "Use standard OIDs" through the admin API: POST /applications/{id}/attributes/standard-oids.
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { apiClient } from '../helpers/api.js';
import { startIdp } from '../helpers/harness.js';

describe('admin API: use standard OIDs', () => {
  const h = suiteFixture(() => startIdp({ provisioningWorker: false }), { each: true });
  const api = apiClient(h);

  const appId = async () => (await h.idp.services.directory.findApplicationByName('talentlms'))?.id ?? '';

  it('renames the four TalentLMS attributes to their OIDs with NameFormat uri and FriendlyName, keeping the others', async () => {
    const id = await appId();
    await api('PATCH', `/applications/${id}`, {
      attributes: [
        { name: 'Username', source: 'username' },
        { name: 'Email', source: 'email' },
        { name: 'Company', source: 'constant', value: 'Acme' },
      ],
    });
    const res = await api('POST', `/applications/${id}/attributes/standard-oids`);
    expect(res.status).to.equal(200);
    const expected = [
      { name: 'urn:oid:0.9.2342.19200300.100.1.1', source: 'username', nameFormat: 'uri', friendlyName: 'uid' },
      { name: 'urn:oid:0.9.2342.19200300.100.1.3', source: 'email', nameFormat: 'uri', friendlyName: 'mail' },
      { name: 'Company', source: 'constant', value: 'Acme' },
    ];
    expect(res.body.attributes).to.deep.equal(expected);
    expect((await api('GET', `/applications/${id}`)).body.attributes).to.deep.equal(expected);
  });

  it('gives the same attributes when called twice', async () => {
    const id = await appId();
    const once = await api('POST', `/applications/${id}/attributes/standard-oids`);
    const twice = await api('POST', `/applications/${id}/attributes/standard-oids`);
    expect(twice.status).to.equal(200);
    expect(twice.body.attributes).to.deep.equal(once.body.attributes);
  });

  it('answers a bookmark application with 409 not_saml_application and a sentence naming it', async () => {
    const link = await api('POST', '/applications', { catalog: 'bookmark', displayLabel: 'Handbook', bookmarkUrl: 'https://h.test/' });
    const res = await api('POST', `/applications/${link.body.id}/attributes/standard-oids`);
    expect(res.status).to.equal(409);
    expect(res.body.error).to.equal('not_saml_application');
    expect(res.body.message).to.contain('Handbook').and.contain('no SAML attributes');
  });

  it('answers an unknown application with 404', async () => {
    expect((await api('POST', '/applications/no-such-app/attributes/standard-oids')).status).to.equal(404);
  });
});
