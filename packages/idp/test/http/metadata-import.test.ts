// SP metadata import through the portal (paste → what changes → save) on SQLite, and through the admin API on
// PostgreSQL: the same service, the same fields saved on both engines.
import { BINDING, NAMEID_FORMAT } from '@samlbridge/protocol';
import { suiteFixture } from '@samlbridge/test-support';
import type { ScratchDatabase } from '@samlbridge/web';
import { expect } from 'chai';
import { adminSignIn, submit } from '../helpers/admin.js';
import { apiClient } from '../helpers/api.js';
import { type Harness, SP_ACS, SP_ACS_2, startIdp } from '../helpers/harness.js';
import { migratedIdpDatabase } from '../helpers/scratch-database.js';

const METADATA = `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://lms.example.com">
  <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:NameIDFormat>${NAMEID_FORMAT.emailAddress}</md:NameIDFormat>
    <md:AssertionConsumerService Binding="${BINDING.post}" Location="https://lms.example.com/acs" index="0" isDefault="true"/>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact" Location="https://lms.example.com/artifact" index="1"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>`;

describe('SP metadata import in the admin portal', () => {
  const h = suiteFixture(() => startIdp());

  it('shows each changed field with its current and new value, saves nothing until "Save these changes", then saves it', async () => {
    const admin = h.client();
    const csrf = await adminSignIn(admin);
    const app = await h.idp.services.directory.findApplicationByName('talentlms');
    const res = await admin.post(`/admin/applications/${app?.id}/metadata-import/preview`, { _csrf: csrf, xml: METADATA });
    expect(res.status).to.equal(200);
    const page = await res.text();
    expect(page).to.contain('<th scope="row">spEntityId</th><td><pre>talentlms.test</pre></td><td><pre>https://lms.example.com</pre></td>');
    expect(page).to.contain(`<td><pre>[0] ${SP_ACS}\n[1] ${SP_ACS_2}</pre></td><td><pre>[0] https://lms.example.com/acs</pre></td>`);
    expect(page).to.contain(`<td><pre>${NAMEID_FORMAT.emailAddress}</pre></td>`);
    expect(page).to.contain('(index 1, urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact) is skipped');
    expect((await h.idp.services.directory.findApplicationByName('talentlms'))?.spEntityId).to.equal('talentlms.test');

    const saved = await submit(admin, `/admin/applications/${app?.id}/metadata-import`, { xml: METADATA, entityId: '' }, csrf);
    expect(saved.page).to.contain('Imported the metadata of https://lms.example.com: 3 fields changed.');
    const after = await h.idp.services.directory.findApplicationByName('talentlms');
    expect(after).to.deep.include({
      spEntityId: 'https://lms.example.com',
      acsUrls: ['https://lms.example.com/acs'],
      nameIdFormat: NAMEID_FORMAT.emailAddress,
    });
  });

  it('flashes the reason back to the form when the document is not SP metadata', async () => {
    const admin = h.client();
    const csrf = await adminSignIn(admin);
    const app = await h.idp.services.directory.findApplicationByName('talentlms');
    const res = await admin.post(`/admin/applications/${app?.id}/metadata-import/preview`, { _csrf: csrf, xml: '<nope/>' });
    expect(res.status).to.equal(303);
    const form = await (await admin.get(res.headers.get('location') ?? '')).text();
    expect(form).to.contain('The document is not SAML metadata: its root element is &lt;nope&gt;');
  });
});

describe('SP metadata import through the admin API on PostgreSQL', () => {
  let database: ScratchDatabase;
  let h: Harness;
  before(async () => {
    database = await migratedIdpDatabase('idp_metadata_import');
    h = await startIdp({ databaseUrl: database.url });
  });
  after(async () => {
    await h?.close();
    await database?.drop();
  });

  it('saves the entity ID, the ACS list in index order and the NameID format', async () => {
    const api = apiClient(h);
    const app = await h.idp.services.directory.findApplicationByName('talentlms');
    const result = await api('POST', `/applications/${app?.id}/metadata-import`, { xml: METADATA });
    expect(result.status).to.equal(200);
    expect(result.body.changes.map((c: { field: string }) => c.field)).to.deep.equal(['spEntityId', 'acsUrls', 'nameIdFormat']);
    const after = (await api('GET', `/applications/${app?.id}`)).body;
    expect(after).to.deep.include({
      spEntityId: 'https://lms.example.com',
      acsUrls: ['https://lms.example.com/acs'],
      nameIdFormat: NAMEID_FORMAT.emailAddress,
    });
  });
});
