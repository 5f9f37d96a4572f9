// In real Chromium: the SSO settings form's errors (one per field, tied to it, focus on the first) and the
// certificate pasted into "Certificate fingerprint"; the shown-once SCIM key page (copy button, reload).
import { expect } from 'chai';
import { chromiumAndDemoStack, pagePerSuite } from './support/chromium-suite.js';
import { signInToSpAdmin } from './support/sp-admin-sign-in.js';

describe('SSO settings and the SCIM key page in Chromium', function () {
  this.timeout(60_000);
  const { browser, stack } = chromiumAndDemoStack();
  const { context, page } = pagePerSuite(browser, { bypassCSP: false, viewport: { width: 1280, height: 800 } });

  beforeEach(async () => {
    await signInToSpAdmin(page, stack);
  });

  const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');

  it('moves focus to the first invalid field and ties one error to each field (aria-invalid, aria-describedby)', async () => {
    await page.goto(`${stack.spUrl}/account/users/sso`);
    const lines = stack.idp.signing.certificatePem.trim().split('\n');
    await page.getByLabel('Certificate fingerprint').fill(lines.slice(0, -3).join('\n'));
    await page.getByLabel('Remote sign-in URL').fill('nope');
    await page.getByRole('button', { name: 'Save and check configuration' }).click();
    await page.waitForLoadState('load');
    expect(await focusedId()).to.equal('certificateFingerprints');
    const field = page.locator('#certificateFingerprints');
    expect(await field.getAttribute('aria-invalid')).to.equal('true');
    expect(await field.getAttribute('aria-describedby')).to.equal('certificateFingerprints-error certificateFingerprints-hint');
    expect(await page.locator('#remoteSignInUrl').getAttribute('aria-invalid')).to.equal('true');
    expect(await page.locator('.field-error').count()).to.equal(2);
    // The summary links to each field.
    await page.locator('#error-summary').getByRole('link', { name: 'Remote sign-in URL' }).click();
    expect(page.url()).to.match(/#remoteSignInUrl$/);
  });

  it('moves a certificate pasted into "Certificate fingerprint" to the PEM field and says so', async () => {
    await page.goto(`${stack.spUrl}/account/users/sso`);
    await page.getByLabel('Certificate fingerprint').fill(stack.idp.signing.certificatePem);
    await page.getByRole('button', { name: 'Save and check configuration' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('#certificate-moved').innerText()).to.contain(stack.idp.signing.fingerprints.sha256);
    expect(await page.locator('#check-report').getAttribute('data-ok')).to.equal('true');
    expect(await page.getByLabel('Certificate fingerprint').inputValue()).to.contain(stack.idp.signing.fingerprints.sha256);
    expect(await page.getByLabel('Certificate (PEM, optional)').inputValue()).to.contain('-----BEGIN CERTIFICATE-----');
  });

  it('shows the new SCIM key once at the top with a working copy button; reloading shows it no more', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.spUrl });
    await page.goto(`${stack.spUrl}/account/users/sso`);
    await page.getByRole('button', { name: 'Regenerate API key' }).click();
    await page.waitForURL(`${stack.spUrl}/account/users/sso/scim/key`);
    const key = await page.locator('#scim-api-key').inputValue();
    expect(key).to.match(/^tlms_/);
    const box = await page.locator('#scim-api-key').boundingBox();
    expect(box?.y ?? 9999).to.be.lessThan(800);
    expect(await page.getByRole('status').first().innerText()).to.contain('you will not see it again');
    // One copy script for every copy button: the written button is the page's only one (none is added next to it).
    expect(await page.getByRole('button', { name: /^Copy/ }).count()).to.equal(1);
    await page.getByRole('button', { name: 'Copy API key' }).click();
    await page.waitForFunction(() => document.getElementById('copy-status')?.textContent === 'Copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).to.equal(key);
    const reloaded = await page.reload();
    expect(reloaded?.request().method()).to.equal('GET');
    expect(await page.locator('#scim-key-gone').count()).to.equal(1);
    expect(await page.content()).to.not.contain(key);
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).to.equal(1);
  });
});
