// The SSO tab's certificate panel follows the injected clock: valid, expiring within 30 days, expired.
import { suiteFixture } from '@samlbridge/test-support';
import { fixedClock } from '@samlbridge/web';
import { expect } from 'chai';
import { adminSignIn } from '../helpers/admin.js';
import { startIdp } from '../helpers/harness.js';

const DAY = 24 * 3600 * 1000;

describe('admin portal: IdP certificate expiry', () => {
  const clock = fixedClock(new Date());
  const h = suiteFixture(() => startIdp({}, { clock }));
  let notAfter: Date;
  before(async () => {
    notAfter = h.idp.signing.notAfter;
  });

  /** The SSO tab seen at `at` (signed in at that time: a clock jump ends older sessions). */
  async function ssoTabAt(at: number): Promise<string> {
    clock.set(new Date(at));
    const admin = h.client();
    await adminSignIn(admin);
    const id = (await h.idp.services.directory.findApplicationByName('talentlms'))?.id;
    return (await admin.get(`/admin/applications/${id}/sso`)).text();
  }

  it('shows "Valid until" without a warning more than 30 days before notAfter', async () => {
    const page = await ssoTabAt(notAfter.getTime() - 90 * DAY);
    expect(page).to.contain(`IDP Certificate Valid until ${notAfter.toISOString().slice(0, 10)}`);
    expect(page).not.to.contain('The IdP certificate expire');
  });

  it('warns with the days left within 30 days of notAfter', async () => {
    expect(await ssoTabAt(notAfter.getTime() - 12 * DAY)).to.contain('The IdP certificate expires in 12 days: plan its rotation');
    expect(await ssoTabAt(notAfter.getTime() - 3600 * 1000)).to.contain('The IdP certificate expires within a day');
  });

  it('shows an "Expired on" error, never "expires in 0 days", after notAfter', async () => {
    const page = await ssoTabAt(notAfter.getTime() + 5 * DAY);
    const day = notAfter.toISOString().slice(0, 10);
    expect(page).to.contain(`IDP Certificate Expired on ${day}`);
    expect(page).to.contain(`<div class="alert error" role="alert">The IdP certificate expired on ${day}`);
    expect(page).not.to.contain('expires in 0 days').and.not.contain('Valid until');
  });
});
