// Small things an admin following the integration article meets: a favicon, the email kept after a refused
// admin sign-in, and no technical text on the end user's tile for an application added from the catalog.
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { adminSignIn, submit } from '../helpers/admin.js';
import { inputValue, unescapeHtml } from '../helpers/html.js';
import { startPortal } from '../helpers/portal.js';

describe('admin portal: favicon, sign-in email kept, plain tile text', () => {
  const p = suiteFixture(() => startPortal());

  it('serves a favicon at /favicon.ico and /assets/favicon.svg, and every page links it', async () => {
    for (const path of ['/favicon.ico', '/assets/favicon.svg']) {
      const res = await p.h.client().get(path);
      expect(res.status, path).to.equal(200);
      expect(res.headers.get('content-type'), path).to.equal('image/svg+xml');
      expect(await res.text(), path).to.match(/^<svg /);
    }
    const login = await (await p.h.client().get('/admin/login')).text();
    expect(login).to.contain('<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">');
  });

  it('keeps the email typed after a refused admin sign-in (never the password), once', async () => {
    const c = p.h.client();
    const token = inputValue(await (await c.get('/admin/login')).text(), '_csrf') ?? '';
    const { page } = await submit(c, '/admin/login', { email: 'typo.admin@example.com', password: 'wrong-password-1' }, token);
    expect(page).to.contain('The email or password is incorrect.');
    expect(inputValue(page, 'email')).to.equal('typo.admin@example.com');
    expect(page).not.to.contain('wrong-password-1');
    const again = await (await c.get('/admin/login')).text();
    expect(inputValue(again, 'email')).to.equal('');
  });

  it('gives an application added from the TalentLMS catalog a tile text without protocol terms; the catalog keeps them for the admin', async () => {
    const catalog = unescapeHtml(await (await p.admin.get('/admin/applications/new?q=talent')).text());
    expect(catalog).to.contain('users are matched by username (TargetedID)');
    const form = await (await p.admin.get('/admin/applications/new/talentlms')).text();
    expect(form).not.to.contain('TargetedID');
    // The form's description (what the tile shows), submitted as the admin leaves it.
    const description = /<textarea id="description" name="description"[^>]*>([^<]*)<\/textarea>/.exec(form)?.[1] ?? '';
    expect(description).to.equal('Online courses and training.');
    await p.createFromCatalog('talentlms', { displayLabel: 'TalentLMS Tile Text', description, icon: 'book', showInConsole: 'true' });
    const app = await p.appByName('talentlms-tile-text');
    expect(app, 'the new application').to.not.equal(undefined);
    expect(app?.description).to.equal('Online courses and training.');
  });

  it('still signs the admin in after a refused attempt', async () => {
    const c = p.h.client();
    expect(await adminSignIn(c)).to.be.a('string');
  });
});
