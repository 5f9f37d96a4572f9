// The SSO endpoint's database work for a signed-in session: each statement costs the IdP's main
// thread more than the rest of the request but the signature, so their number is held here. Counted on SQLite.
import { expect } from 'chai';
import { type Harness, signInThroughForm, startIdp } from '../../helpers/harness.js';
import { sqliteStatementsOf } from '../../helpers/sqlite-statements.js';

/** Reads: configuration version, session, user (with ended session, binding, MFA rules); writes: participant, event, trace. */
const MAX_STATEMENTS = 6;

describe('SSO endpoint database statements per request (signed-in session)', () => {
  let h: Harness;
  before(async () => {
    h = await startIdp();
    // The provisioning worker polls its outbox on a timer: its statements are not the SSO request's.
    await h.idp.provisioning.stop();
  });
  after(() => h.close());

  async function signedIn() {
    const client = h.client();
    const first = await client.get('/saml2/talentlms');
    await signInThroughForm(client, first.headers.get('location') ?? '');
    return client;
  }

  it(`issues a Response with at most ${MAX_STATEMENTS} statements, its three rows written before it is sent`, async () => {
    const client = await signedIn();
    let status = 0;
    const statements = await sqliteStatementsOf(async () => {
      const res = await client.get('/saml2/talentlms');
      status = res.status;
      await res.text();
    });
    expect(status).to.equal(200);
    expect(statements.length, statements.join('\n')).to.be.at.most(MAX_STATEMENTS);
    const inserts = statements.map((s) => /^insert into "(\w+)"/.exec(s)?.[1]).filter(Boolean);
    expect(inserts).to.deep.equal(['session_participants', 'events', 'sso_traces']);
  });
});
