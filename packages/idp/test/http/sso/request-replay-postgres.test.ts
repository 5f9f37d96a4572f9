// Two IdP instances on one PostgreSQL database, the same AuthnRequest posted to both at the same moment
// (a retried POST through a load balancer): exactly one Response between them.

import { encodePost } from '@samlbridge/protocol';
import { listen, type RunningServer, type ScratchDatabase } from '@samlbridge/web';
import { expect } from 'chai';
import { pino } from 'pino';
import { createIdp, type Idp } from '../../../src/index.js';
import { type Harness, SP_ENTITY_ID, signInThroughForm, startIdp } from '../../helpers/harness.js';
import { inputValue } from '../../helpers/html.js';
import { authnRequest } from '../../helpers/saml.js';
import { migratedIdpDatabase } from '../../helpers/scratch-database.js';

describe('IdP: one answer per AuthnRequest across instances (PostgreSQL)', function () {
  this.timeout(60_000);
  let database: ScratchDatabase | undefined;
  let a: Harness | undefined;
  let b: { idp: Idp; server: RunningServer } | undefined;

  before(async () => {
    database = await migratedIdpDatabase('idp_request_replay');
    a = await startIdp({ databaseUrl: database.url, provisioningWorker: false });
    // Instance B: same database, same key folder and public base URL, its own port (as behind a load balancer).
    const idp = await createIdp({
      env: {},
      config: { ...a.idp.config, provisioningWorker: false },
      logger: pino({ level: 'silent' }),
    });
    b = { idp, server: await listen(idp.app, 0) };
  });
  after(async () => {
    await b?.server.close();
    await b?.idp.close();
    await a?.close();
    await database?.drop();
  });

  it('gives exactly one Response when the same request reaches both instances at once', async () => {
    if (!a || !b) throw new Error('instances did not start (see the "before all" hook)');
    const client = a.client();
    expect((await signInThroughForm(client, '/login?next=/userconsole/')).status).to.equal(302);
    const { xml } = authnRequest({ destination: `${a.idp.config.baseUrl}/saml2/talentlms`, issuer: SP_ENTITY_ID });
    const form = { SAMLRequest: encodePost(xml) };
    const targets = [a.url, b.server.url, a.url, b.server.url, a.url, b.server.url];
    const results = await Promise.all(targets.map((base) => client.post(`${base}/saml2/talentlms`, form)));
    const bodies = await Promise.all(results.map((r) => r.text()));
    const answered = bodies.filter((body) => inputValue(body, 'SAMLResponse') !== undefined);
    expect(answered).to.have.length(1);
    expect(results.map((r) => r.status).sort()).to.deep.equal([200, 409, 409, 409, 409, 409]);
    for (const body of bodies.filter((x) => !answered.includes(x))) expect(body).to.contain('request_replayed');
  });
});
