// The portal's signing-key rotation: buttons behind CSRF and a ticked confirmation, both fingerprints on the SSO
// tab, the TalentLMS card and the admin home during the overlap, and expiry warnings from 30 days before notAfter.
import { fixedClock } from '@samlbridge/web';
import { expect } from 'chai';
import { adminSignIn, submit } from '../helpers/admin.js';
import type { Client } from '../helpers/client.js';
import { type Harness, startIdp } from '../helpers/harness.js';

const DAY = 24 * 3600 * 1000;

describe('admin portal: IdP signing keys', () => {
  const clock = fixedClock(new Date());
  let h: Harness;
  let admin: Client;
  let csrf: string;
  beforeEach(async () => {
    clock.set(new Date());
    h = await startIdp({}, { clock });
    admin = h.client();
    csrf = await adminSignIn(admin);
  });
  afterEach(() => h.close());

  const appId = async () => (await h.idp.services.directory.findApplicationByName('talentlms'))?.id;
  const generate = () => submit(admin, '/admin/signing-keys/generate', {}, csrf);

  it('generates the next key from the portal and shows both fingerprints on the SSO tab, the TalentLMS card and the admin home', async () => {
    const current = h.idp.signing.fingerprints;
    const { page } = await generate();
    expect(page).to.contain('The next signing key (SHA-1');
    const next = h.idp.keys.published()[1];
    expect(next?.state).to.equal('next');
    const sha1 = next?.fingerprints.sha1 ?? '';

    const sso = await (await admin.get(`/admin/applications/${await appId()}/sso`)).text();
    expect(sso).to.contain(`<code id="sha1">${current.sha1}</code>`);
    expect(sso).to.contain(`<code id="standby-sha1">${sha1}</code>`);
    expect(sso).to.contain(`<code data-field="fingerprint">${current.sha1}</code>`);
    expect(sso).to.contain(`<code data-field="standby-fingerprint">${sha1}</code>`);

    const home = await (await admin.get('/admin/applications')).text();
    expect(home).to.contain('Two signing certificates are published');
    expect(home).to.contain(current.sha1).and.contain(sha1);
  });

  it('refuses to activate without the ticked confirmation, and activates with it', async () => {
    await generate();
    const next = h.idp.keys.published()[1];
    const refused = await submit(admin, `/admin/signing-keys/${next?.id}/activate`, {}, csrf);
    expect(refused.page).to.contain('Tick the confirmation box to go ahead.');
    expect(h.idp.keys.active().id).not.to.equal(next?.id);

    const done = await submit(admin, `/admin/signing-keys/${next?.id}/activate`, { confirm: 'yes' }, csrf);
    expect(done.page).to.contain(`The key with SHA-1 ${next?.fingerprints.sha1} signs from now on.`);
    expect(h.idp.keys.active().id).to.equal(next?.id);
  });

  it('refuses a rotation step posted without the CSRF token', async () => {
    const res = await admin.post('/admin/signing-keys/generate', {});
    expect(res.status).to.equal(403);
    expect(h.idp.keys.published()).to.have.length(1);
  });

  it('warns 29 days before the active certificate expires, on the admin home and the SSO tab, and not 31 days before', async () => {
    const notAfter = h.idp.signing.notAfter.getTime();
    clock.set(new Date(notAfter - 31 * DAY));
    await adminSignIn(admin);
    expect(await (await admin.get('/admin/applications')).text()).not.to.contain('IdP certificate expires');

    clock.set(new Date(notAfter - 29 * DAY));
    await adminSignIn(admin);
    const home = await (await admin.get('/admin/applications')).text();
    expect(home).to.contain('The IdP certificate expires in 29 days: plan its rotation');
    const sso = await (await admin.get(`/admin/applications/${await appId()}/sso`)).text();
    expect(sso).to.contain('The IdP certificate expires in 29 days: plan its rotation');
  });

  it('warns about the next certificate too when it is the one about to expire', async () => {
    await generate();
    const next = h.idp.keys.published()[1];
    clock.set(new Date((next?.notAfter.getTime() ?? 0) - 29 * DAY));
    csrf = await adminSignIn(admin);
    const page = await (await admin.get('/admin/signing-keys')).text();
    expect(page).to.contain('The next IdP certificate expires in 29 days');
  });
});
