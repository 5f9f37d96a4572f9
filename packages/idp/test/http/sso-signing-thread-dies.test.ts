// When the signing thread dies while it signs a person's Response, that person gets the 503 `signing_unavailable`
// page (not a hang, not a bare 500, not an unsigned Response) and an `sso_auth` failure event; the thread is started
// again, so the next SSO request gets a signed Response. The thread's death comes from a test seam of createIdp
// (`signingThreadSource`, not a setting and not reachable over HTTP): code that exits on its 2nd signing message.

import { expect } from 'chai';
import { SIGNING_WORKER_SOURCE } from '../../src/keys/signing-worker-source.js';
import type { Client } from '../helpers/client.js';
import { type Harness, SP_ENTITY_ID, signInThroughForm, startIdp } from '../helpers/harness.js';
import { inputValue } from '../helpers/html.js';
import { authnRequest, decodeSamlResponse, redirectQuery, verifySignatures } from '../helpers/saml.js';

/** Exits (as a crash would) on its 2nd signing message; a restarted thread counts afresh. */
const DIES_ON_SECOND_SIGNATURE = `let signs = 0; require('node:worker_threads').parentPort.on('message', (m) => { if (m.type === 'sign' && ++signs === 2) process.exit(7); });\n${SIGNING_WORKER_SOURCE}`;

describe('SSO when the signing thread dies mid-request', function () {
  this.timeout(60_000);
  let h: Harness;
  let user: Client;

  beforeEach(async () => {
    h = await startIdp({ signingThreads: 1 }, { signingThreadSource: DIES_ON_SECOND_SIGNATURE });
    user = h.client();
    expect((await signInThroughForm(user, '/login?next=/userconsole/')).status).to.equal(302);
  });
  afterEach(async () => {
    await h?.close();
  });

  const sso = async () => {
    const request = authnRequest({ destination: `${h.url}/saml2/talentlms`, issuer: SP_ENTITY_ID }).xml;
    const res = await user.get(`/saml2/talentlms?${redirectQuery(request)}`);
    return { status: res.status, body: await res.text() };
  };
  const signedResponse = (body: string) => decodeSamlResponse(inputValue(body, 'SAMLResponse') ?? '');

  it('answers the request whose signing thread died with the 503 signing_unavailable page, and the next one with a signed Response', async () => {
    const first = await sso();
    expect(first.status, first.body.slice(0, 300)).to.equal(200);
    expect(verifySignatures(signedResponse(first.body), h.idp.signing.certificatePem)).to.have.members(['Response', 'Assertion']);

    const died = await sso();
    expect(died.status).to.equal(503);
    expect(died.body).to.contain('<code>signing_unavailable</code>');
    expect(died.body).to.contain('Try again');
    expect(died.body).not.to.contain('SAMLResponse');

    const next = await sso();
    expect(next.status, next.body.slice(0, 300)).to.equal(200);
    expect(verifySignatures(signedResponse(next.body), h.idp.signing.certificatePem)).to.have.members(['Response', 'Assertion']);
  });

  it('records the failed SSO as an sso_auth event with reason signing_unavailable', async () => {
    expect((await sso()).status).to.equal(200);
    expect((await sso()).status).to.equal(503);
    const failed = (await h.idp.services.events.list({ type: 'sso_auth', limit: 10 })).items.filter((e) => !e.success);
    expect(failed.map((e) => ({ username: e.username, reason: e.reason }))).to.deep.equal([
      { username: 'demo.user', reason: 'signing_unavailable' },
    ]);
  });
});
