// The SSO settings page done as the JumpCloud article says, over real HTTP against a real IdP: the certificate
// pasted into "Certificate fingerprint", one error per field, and "Save and check" never putting a failing
// configuration live without the admin confirming it.

import { spSsoSettingsForm } from '@samlbridge/test-support';
import { expect } from 'chai';
import type { Page } from './support/http-browser.js';
import type { Stack } from './support/stack.js';
import { spAdminOnSsoSettings, stackFixture } from './support/stack-fixture.js';

describe('SSO settings on the article path (HTTP, real IdP)', function () {
  this.timeout(30_000);
  const stack = stackFixture();

  async function submit(overrides: Record<string, string>, opts: { navigate?: boolean } = {}): Promise<Page> {
    const { browser: b, form } = await spAdminOnSsoSettings(stack);
    const current = await stack.sp.services.sso.getSettings('localhost');
    const fields = spSsoSettingsForm(current, { _csrf: form.fields._csrf ?? '', integrationType: 'saml2', ...overrides });
    const url = `${stack.spUrl}/account/users/sso`;
    return opts.navigate === false ? b.request('POST', url, fields) : b.navigate('POST', url, fields);
  }

  /** Puts the demo's working settings back (each test starts from them). */
  let working: Awaited<ReturnType<Stack['sp']['services']['sso']['getSettings']>>;
  beforeEach(async () => {
    working ??= await stack.sp.services.sso.getSettings('localhost');
    await stack.sp.services.sso.updateSettings('localhost', { ...working, configured: undefined });
  });

  it('moves a certificate pasted into "Certificate fingerprint" to the PEM field, puts its SHA-256 there, and says so', async () => {
    const pem = stack.idp.signing.certificatePem;
    const page = await submit({ certificateFingerprints: pem, certificatePem: '' });
    expect(page.status).to.equal(200);
    expect(page.body).to.contain('id="certificate-moved"');
    expect(page.body).to.contain(stack.idp.signing.fingerprints.sha256);
    const saved = await stack.sp.services.sso.getSettings('localhost');
    expect(saved.certificateFingerprints).to.deep.equal([stack.idp.signing.fingerprints.sha256]);
    expect(saved.certificatePem.replace(/\s+/g, '')).to.equal(pem.replace(/\s+/g, ''));
  });

  it('gives a truncated certificate in the fingerprint field ONE error tied to that field, and saves nothing', async () => {
    const lines = stack.idp.signing.certificatePem.trim().split('\n');
    const truncated = lines.slice(0, -4).join('\n');
    const page = await submit({ certificateFingerprints: truncated, remoteSignInUrl: 'not a url' });
    expect(page.status).to.equal(400);
    expect(page.body.match(/class="field-error"/g)).to.have.length(2);
    expect(page.body).to.contain('not a complete one');
    expect(page.body).to.match(
      /<textarea id="certificateFingerprints" name="certificateFingerprints" rows="3" aria-invalid="true" aria-describedby="certificateFingerprints-error certificateFingerprints-hint" autofocus>/,
    );
    expect(page.body).to.match(
      /<input id="remoteSignInUrl"[^>]* aria-invalid="true" aria-describedby="remoteSignInUrl-error remoteSignInUrl-hint">/,
    );
    expect(page.body).to.contain('fix these 2 fields');
    expect(page.body).to.contain('<a href="#certificateFingerprints">Certificate fingerprint</a>');
    expect((await stack.sp.services.sso.getSettings('localhost')).remoteSignInUrl).to.equal(working.remoteSignInUrl);
  });

  it('reports many bad fingerprint lines as one error ("and N more lines")', async () => {
    const page = await submit({ certificateFingerprints: 'zz\nyy\nxx' });
    expect(page.status).to.equal(400);
    expect(page.body.match(/class="field-error"/g)).to.have.length(1);
    expect(page.body).to.contain('(and 2 more lines like it)');
  });

  it('"Save and check" keeps the previous settings live when the check finds a wrong fingerprint, and offers "Save anyway"', async () => {
    const page = await submit({ certificateFingerprints: 'AA'.repeat(20), certificatePem: '', check: '1' });
    expect(page.status).to.equal(422);
    expect(page.body).to.contain('id="check-not-saved"');
    expect(page.body).to.contain('data-ok="false"');
    expect(page.body).to.not.contain('Settings saved.');
    expect(page.body).to.contain('name="saveAnyway"');
    expect(page.body).to.contain(`>${'AA:'.repeat(19)}AA</textarea>`);
    expect(await stack.sp.services.sso.getSettings('localhost')).to.deep.equal(working);
  });

  it('"Save anyway" after a failed check saves the settings the admin confirmed', async () => {
    const page = await submit({ certificateFingerprints: 'AA'.repeat(20), certificatePem: '', saveAnyway: '1' });
    expect(page.status).to.equal(200);
    expect(page.body).to.contain('Settings saved.');
    expect((await stack.sp.services.sso.getSettings('localhost')).certificateFingerprints).to.deep.equal(['AA:'.repeat(19).concat('AA')]);
  });

  it('"Save and check" with a certificate pasted as fingerprint saves it, checks it and says it was moved', async () => {
    const page = await submit({ certificateFingerprints: stack.idp.signing.certificatePem, certificatePem: '', check: '1' });
    expect(page.status).to.equal(200);
    expect(page.body).to.contain('data-ok="true"');
    expect(page.body).to.contain('id="certificate-moved"');
  });

  it('"Save and check" saves settings that pass the check and shows the report', async () => {
    const page = await submit({ remoteSignOutUrl: `${stack.idpUrl}/userconsole/changed`, check: '1' });
    expect(page.status).to.equal(200);
    expect(page.body).to.contain('Settings saved.');
    expect(page.body).to.contain('data-ok="true"');
    expect((await stack.sp.services.sso.getSettings('localhost')).remoteSignOutUrl).to.equal(`${stack.idpUrl}/userconsole/changed`);
  });

  it('links the SSO settings page to the sign-in log', async () => {
    const { browser } = await spAdminOnSsoSettings(stack);
    const page = await browser.navigate('GET', `${stack.spUrl}/account/users/sso`);
    expect(page.body).to.contain('<a href="/account/users/sso/sign-ins" data-link="sign-in-log">sign-in log</a>');
  });
});
