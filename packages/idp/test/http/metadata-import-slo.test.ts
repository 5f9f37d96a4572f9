// SP metadata import fills the application's Single Logout settings from the SP's SingleLogoutService (saml-metadata
// §2.2.2): shown as changes in the preview, stored on apply; HTTP-POST preferred over HTTP-Redirect; other bindings and
// non-http URLs warned about; a document without SingleLogoutService keeps the current settings.
import { BINDING } from '@samlbridge/protocol';
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { apiClient } from '../helpers/api.js';
import { startIdp } from '../helpers/harness.js';

const SOAP = 'urn:oasis:names:tc:SAML:2.0:bindings:SOAP';

function metadata(slo: string): string {
  return `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://slo-sp.example"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${slo}<md:AssertionConsumerService Binding="${BINDING.post}" Location="https://slo-sp.example/acs" index="0"/></md:SPSSODescriptor></md:EntityDescriptor>`;
}
const sloService = (binding: string, location: string, responseLocation?: string) =>
  `<md:SingleLogoutService Binding="${binding}" Location="${location}"${responseLocation ? ` ResponseLocation="${responseLocation}"` : ''}/>`;

describe('SP metadata import: Single Logout endpoint', () => {
  const h = suiteFixture(() => startIdp(), { each: true });
  const api = apiClient(h);
  let appId: string;
  beforeEach(async () => {
    appId = (await h.idp.services.directory.findApplicationByName('talentlms'))?.id ?? '';
  });

  const sloSettings = async () => (await api('GET', `/applications/${appId}/single-logout`)).body;

  it('previews the SLO URL, response URL and binding as changes and saves nothing', async () => {
    const xml = metadata(sloService(BINDING.post, 'https://slo-sp.example/slo', 'https://slo-sp.example/slo-done'));
    const preview = await api('POST', `/applications/${appId}/metadata-import/preview`, { xml });
    expect(preview.status).to.equal(200);
    expect(preview.body.changes).to.deep.include.members([
      { field: 'sloUrl', current: '', new: 'https://slo-sp.example/slo' },
      { field: 'sloResponseUrl', current: '', new: 'https://slo-sp.example/slo-done' },
      { field: 'sloBinding', current: '', new: 'post' },
    ]);
    expect(preview.body.notApplied).to.deep.equal([]);
    expect(await sloSettings()).to.deep.equal({ sloUrl: '', sloResponseUrl: '', binding: 'redirect', soapUrl: '' });
  });

  // What applying a document stores: the chosen endpoints (the rest empty), the warnings it shows and the changes it lists.
  const applied: {
    title: string;
    services: string[];
    warned?: string[];
    notWarned?: string[];
    changes?: { field: string; current: string; new: string }[];
    stored: { sloUrl: string; binding: string; soapUrl: string };
  }[] = [
    {
      title: 'stores the HTTP-POST endpoint when the SP lists both bindings',
      services: [
        sloService(BINDING.redirect, 'https://slo-sp.example/slo-redirect'),
        sloService(BINDING.post, 'https://slo-sp.example/slo-post'),
      ],
      stored: { sloUrl: 'https://slo-sp.example/slo-post', binding: 'post', soapUrl: '' },
    },
    {
      title: 'stores an HTTP-Redirect endpoint and the SOAP one as the back-channel URL, skipping a non-http one with a warning',
      services: [
        sloService(SOAP, 'https://slo-sp.example/soap'),
        sloService(BINDING.post, 'ftp://slo-sp.example/slo'),
        sloService(BINDING.redirect, 'https://slo-sp.example/slo'),
      ],
      warned: ['SingleLogoutService ftp://slo-sp.example/slo is skipped'],
      notWarned: ['https://slo-sp.example/soap'],
      changes: [{ field: 'sloSoapUrl', current: '', new: 'https://slo-sp.example/soap' }],
      stored: { sloUrl: 'https://slo-sp.example/slo', binding: 'redirect', soapUrl: 'https://slo-sp.example/soap' },
    },
    {
      title: 'stores a SOAP-only SingleLogoutService as the back-channel URL and keeps the front-channel settings',
      services: [sloService(SOAP, 'ftp://slo-sp.example/soap-bad'), sloService(SOAP, 'https://slo-sp.example/soap')],
      warned: ['SingleLogoutService ftp://slo-sp.example/soap-bad (SOAP) is skipped'],
      stored: { sloUrl: '', binding: 'redirect', soapUrl: 'https://slo-sp.example/soap' },
    },
  ];
  for (const { title, services, warned = [], notWarned = [], changes = [], stored } of applied) {
    it(title, async () => {
      const saved = await api('POST', `/applications/${appId}/metadata-import`, { xml: metadata(services.join('')) });
      expect(saved.status).to.equal(200);
      const warnings = (saved.body.warnings as string[]).join('\n');
      for (const text of warned) expect(warnings).to.contain(text);
      for (const text of notWarned) expect(warnings).to.not.contain(text);
      for (const change of changes) expect(saved.body.changes).to.deep.include(change);
      expect(await sloSettings()).to.deep.equal({ sloResponseUrl: '', ...stored });
    });
  }

  it('keeps the current SLO settings when the metadata lists no SingleLogoutService', async () => {
    const current = { sloUrl: 'https://kept.example/slo', sloResponseUrl: '', binding: 'post' };
    await api('PUT', `/applications/${appId}/single-logout`, current);
    const saved = await api('POST', `/applications/${appId}/metadata-import`, { xml: metadata('') });
    expect(saved.status).to.equal(200);
    expect(saved.body.changes.map((c: { field: string }) => c.field)).to.not.include('sloUrl');
    expect(await sloSettings()).to.deep.equal({ ...current, soapUrl: '' });
  });
});
