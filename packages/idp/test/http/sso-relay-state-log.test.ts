// saml-bindings §3.4.3 / §3.5.3: RelayState MUST NOT exceed 80 bytes. Many SPs send more, so the IdP accepts it
// (up to 1 KiB) and keeps it — but notes each such request in the log, which this test reads with a capturing logger.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logSink } from '@samlbridge/test-support';
import { createLogger, listen, type RunningServer } from '@samlbridge/web';
import { expect } from 'chai';
import { createIdp, seedDemo } from '../../src/index.js';
import { Client } from '../helpers/client.js';
import { SP_ACS, SP_ENTITY_ID, signInThroughForm } from '../helpers/harness.js';
import { inputValue } from '../helpers/html.js';
import { authnRequest, redirectQuery } from '../helpers/saml.js';

const NOTE = 'RelayState longer than 80 bytes accepted';

describe('SP-initiated SSO: a RelayState over 80 bytes is accepted and logged', () => {
  const log = logSink();
  let idp: Awaited<ReturnType<typeof createIdp>>;
  let server: RunningServer;
  let dir: string;
  let client: Client;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samlbridge-idp-'));
    idp = await createIdp({
      env: {},
      config: { dataDir: dir, baseUrl: 'http://localhost:1' },
      logger: createLogger('idp', 'info', log.stream),
    });
    await seedDemo(idp, { spBaseUrl: 'http://sp.test', spEntityId: SP_ENTITY_ID, spAcsUrl: SP_ACS });
    server = await listen(idp.app, 0);
    client = new Client(server.url);
    expect((await signInThroughForm(client, '/login?next=/userconsole/')).status).to.equal(302);
  });
  after(async () => {
    await server.close();
    await idp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const request = () => authnRequest({ destination: 'http://localhost:1/saml2/talentlms', issuer: SP_ENTITY_ID }).xml;
  const notes = () => log.records().filter((l) => l.msg === NOTE);

  it('answers with the long RelayState unchanged and writes one info line with the application and the size', async () => {
    const long = `course/${'x'.repeat(193)}`; // 200 bytes
    const res = await client.get(`/saml2/talentlms?${redirectQuery(request(), long)}`);
    const body = await res.text();
    expect(res.status, body.slice(0, 300)).to.equal(200);
    expect(inputValue(body, 'RelayState')).to.equal(long);
    expect(notes()).to.have.length(1);
    expect(notes()[0]).to.include({ level: 30, application: 'talentlms', bytes: 200 });
    expect(log.text(), 'the RelayState value itself is not logged').not.to.contain(long);
  });

  it('counts bytes, not characters (UTF-8), and logs nothing at exactly 80 bytes', async () => {
    const before = notes().length;
    const exactly80 = 'é'.repeat(40); // 40 characters, 80 bytes
    expect((await client.get(`/saml2/talentlms?${redirectQuery(request(), exactly80)}`)).status).to.equal(200);
    expect(notes()).to.have.length(before);
    const eighty2 = 'é'.repeat(41); // 41 characters, 82 bytes
    expect((await client.get(`/saml2/talentlms?${redirectQuery(request(), eighty2)}`)).status).to.equal(200);
    expect(notes()).to.have.length(before + 1);
    expect(notes().at(-1)).to.include({ bytes: 82 });
  });
});
