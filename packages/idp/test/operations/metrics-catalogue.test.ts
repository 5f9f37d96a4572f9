// Every metric the README's operations section names for the IdP is on its /metrics, and the ones that count
// something move when it happens: SCIM requests sent (by status) and accounts locked out of the sign-in form.
import { expectDocumentedAndServed, METRICS_OF_BOTH_APPS } from '@samlbridge/test-support';
import { expect } from 'chai';
import { createScimClient } from '../../src/provisioning/scim-client.js';
import { type Harness, signInThroughForm, startIdp } from '../helpers/harness.js';
import { type FakeScim, startFakeScim } from '../provisioning/fake-scim.js';

const IDP_METRICS = [
  ...METRICS_OF_BOTH_APPS,
  'samlbridge_scim_requests_sent_total',
  'samlbridge_outbox_pending',
  'samlbridge_outbox_oldest_pending_age_seconds',
  'samlbridge_outbox_failed',
];

describe('IdP /metrics: the documented catalogue', () => {
  let h: Harness;
  let scim: FakeScim | undefined;
  afterEach(async () => {
    await h?.close();
    await scim?.close();
    scim = undefined;
  });
  const metrics = async () => (await fetch(`${h.url}/metrics`)).text();

  it('serves every metric the README names for the IdP, and the Node process defaults', async () => {
    h = await startIdp();
    const text = await metrics();
    expectDocumentedAndServed(text, IDP_METRICS);
    expect(text).to.match(/^samlbridge_outbox_oldest_pending_age_seconds\{app="idp"\} 0$/m);
    expect(text).to.match(/^samlbridge_outbox_failed\{app="idp"\} 0$/m);
    expect(text).to.match(/^process_resident_memory_bytes\{app="idp"\} \d+/m);
  });

  it('counts the SCIM requests the IdP sends, by the status of the answer', async () => {
    h = await startIdp();
    scim = await startFakeScim();
    await createScimClient({ baseUrl: scim.url, token: scim.token }).listUsers();
    await createScimClient({ baseUrl: scim.url, token: 'wrong-token' })
      .listUsers()
      .catch((err: { details?: { httpStatus?: number } }) => expect(err.details?.httpStatus).to.equal(401));
    const text = await metrics();
    expect(text).to.match(/^samlbridge_scim_requests_sent_total\{status="200",app="idp"\} 1$/m);
    expect(text).to.match(/^samlbridge_scim_requests_sent_total\{status="401",app="idp"\} 1$/m);
  });

  it('counts an account locked out of the sign-in form', async () => {
    h = await startIdp({ loginMaxFailuresPerAccount: 2 });
    expect(await metrics()).to.match(/^samlbridge_login_throttle_locked\{app="idp"\} 0$/m);
    for (let i = 0; i < 2; i++) await signInThroughForm(h.client(), '/login?next=/userconsole/', 'demo.user', 'wrong password');
    expect(await metrics()).to.match(/^samlbridge_login_throttle_locked\{app="idp"\} 1$/m);
  });
});
