// The SSO tab: attribute NameFormat / FriendlyName, "Use standard OIDs", allowed NameID formats and RelayState URLs.
import { NAMEID_FORMAT } from '@samlbridge/protocol';
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import type { ResolvedApplication } from '../../src/domain.js';
import { submitPairs } from '../helpers/admin.js';
import { startPortal } from '../helpers/portal.js';
import { ssoTabPairs } from '../helpers/sso-tab.js';

const ssoPairs = (app: ResolvedApplication, extra: [string, string][]) => ssoTabPairs(app, extra, { attributeNames: true });

describe('admin portal: NameID formats, RelayState URLs and attribute names on the SSO tab', () => {
  const p = suiteFixture(() => startPortal(), { each: true });

  it('"Use standard OIDs" saves the four TalentLMS attributes under their OIDs with NameFormat uri and FriendlyName', async () => {
    await submitPairs(p.admin, `/admin/applications/${p.demoApp.id}/sso`, ssoPairs(p.demoApp, [['standardOids', 'true']]), p.csrf);
    const saved = await p.h.idp.services.directory.getApplication(p.demoApp.id);
    expect(saved.attributes).to.deep.equal([
      { name: 'urn:oid:0.9.2342.19200300.100.1.1', source: 'username', nameFormat: 'uri', friendlyName: 'uid' },
      { name: 'urn:oid:2.5.4.42', source: 'firstName', nameFormat: 'uri', friendlyName: 'givenName' },
      { name: 'urn:oid:2.5.4.4', source: 'lastName', nameFormat: 'uri', friendlyName: 'sn' },
      { name: 'urn:oid:0.9.2342.19200300.100.1.3', source: 'email', nameFormat: 'uri', friendlyName: 'mail' },
    ]);
  });

  it('saves a NameFormat and FriendlyName typed for one attribute, and shows them again', async () => {
    const pairs = ssoPairs(p.demoApp, []).map(([k, v], i, all): [string, string] =>
      k === 'attrFriendlyName' && all[i - 4]?.[1] === 'Email'
        ? [k, 'mail']
        : k === 'attrNameFormat' && all[i - 3]?.[1] === 'Email'
          ? [k, 'unspecified']
          : [k, v],
    );
    const { page } = await submitPairs(p.admin, `/admin/applications/${p.demoApp.id}/sso`, pairs, p.csrf);
    const saved = await p.h.idp.services.directory.getApplication(p.demoApp.id);
    expect(saved.attributes.find((a) => a.name === 'Email')).to.deep.equal({
      name: 'Email',
      source: 'email',
      nameFormat: 'unspecified',
      friendlyName: 'mail',
    });
    expect(page).to.contain('value="mail" aria-label="FriendlyName 4"');
  });

  it('saves the allowed NameID formats and RelayState URLs, and refuses a RelayState entry that is not a URL', async () => {
    await submitPairs(
      p.admin,
      `/admin/applications/${p.demoApp.id}/sso`,
      ssoPairs(p.demoApp, [
        ['nameIdFormatsShown', 'true'],
        ['allowedNameIdFormats', NAMEID_FORMAT.emailAddress],
        ['allowedRelayStates', 'https://lms.example.com/courses/*\nhttps://lms.example.com/home'],
      ]),
      p.csrf,
    );
    const saved = await p.h.idp.services.directory.getApplication(p.demoApp.id);
    expect(saved.allowedNameIdFormats).to.deep.equal([NAMEID_FORMAT.emailAddress]);
    expect(saved.allowedRelayStates).to.deep.equal(['https://lms.example.com/courses/*', 'https://lms.example.com/home']);
    const refused = await p.h.idp.services.directory.updateApplication(p.demoApp.id, { allowedRelayStates: ['javascript:alert(1)'] }).then(
      () => 'saved',
      (err: { details?: { field: string }[] }) => err.details?.map((d) => d.field),
    );
    expect(refused).to.deep.equal(['allowedRelayStates[0]']);
  });
});
