// Refused portal forms come back (400) with what was typed and each problem next to its field, by label.
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { submitRefused } from '../helpers/admin.js';
import { unescapeHtml } from '../helpers/html.js';
import { startPortal } from '../helpers/portal.js';

describe('admin portal: refused forms keep what was typed', () => {
  const p = suiteFixture(() => startPortal());

  /** The paragraph drawn under one field (`id="{field}-error"`). */
  const fieldError = (page: string, id: string) =>
    unescapeHtml(new RegExp(`<p class="alert error field-error" id="${id}-error">(.*?)</p>`, 's').exec(page)?.[1] ?? '');

  it('re-renders the SSO tab with 400, the typed values and a labelled message at each field', async () => {
    const before = await p.appByName('talentlms');
    const { status, page } = await submitRefused(
      p.admin,
      `/admin/applications/${p.demoApp.id}/sso`,
      [
        ['spEntityId', '   '],
        ['acsUrls', 'http://sp.test/acs\nftp://typed.example/acs'],
        ['defaultRelayState', 'typed relay state'],
        ['nameIdSource', 'email'],
        ['nameIdFormat', 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified'],
        ['signing', 'assertion'],
        ['signatureAlgorithm', 'rsa-sha256'],
        ['attrName', 'Email'],
        ['attrSource', 'email'],
        ['attrValue', 'not allowed'],
        ['attrName', 'Email'],
        ['attrSource', 'username'],
        ['attrValue', ''],
      ],
      p.csrf,
    );
    expect(status).to.equal(400);
    expect(fieldError(page, 'spEntityId')).to.equal('SP Entity ID: must not be empty');
    expect(fieldError(page, 'acsUrls')).to.equal('ACS URL 2: must be an absolute http(s) URL');
    expect(fieldError(page, 'attribute-2')).to.equal('Attribute 2 name: repeats the attribute name "Email"');
    expect(page).to.contain('>http://sp.test/acs\nftp://typed.example/acs</textarea>');
    expect(page).to.contain('value="typed relay state"').and.contain('<option value="assertion" selected>');
    expect(page).to.contain('aria-invalid="true" aria-describedby="spEntityId-error"');
    expect(page).not.to.contain('acsUrls[1]');
    expect(await p.appByName('talentlms')).to.deep.equal(before);
  });

  it('re-renders the user form with 400, the typed values and "Username: must not be empty"', async () => {
    const id = (await p.h.idp.services.directory.findUserByUsername('demo.user'))?.id ?? '';
    const { status, page } = await submitRefused(
      p.admin,
      `/admin/users/${id}`,
      { username: ' ', email: 'typed@example.com', firstName: 'Typed', lastName: '' },
      p.csrf,
    );
    expect(status).to.equal(400);
    expect(fieldError(page, 'username')).to.equal('Username: must not be empty');
    expect(page).to.contain('value="typed@example.com"').and.contain('value="Typed"');
    expect((await p.h.idp.services.directory.getUser(id)).username).to.equal('demo.user');
  });

  it('re-renders the new-user form with every problem, keeping the typed names', async () => {
    const { status, page } = await submitRefused(
      p.admin,
      '/admin/users',
      { username: 'new person', email: 'nope', firstName: 'New' },
      p.csrf,
    );
    expect(status).to.equal(400);
    expect(fieldError(page, 'username')).to.equal('Username: may contain letters, digits and . _ @ + -');
    expect(fieldError(page, 'email')).to.equal('Company Email: must be an email address');
    expect(page).to.contain('value="new person"').and.contain('value="New"');
  });
});
