// Two IdP instances on one PostgreSQL database share the signing keys: both adopt the same key file as ONE active
// key, and a key activated through one instance signs the next Response of the other.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certificateBody } from '@samlbridge/protocol';
import { freePort } from '@samlbridge/test-support';
import { listen, type RunningServer, type ScratchDatabase } from '@samlbridge/web';
import { expect } from 'chai';
import { pino } from 'pino';
import { createIdp, type Idp, seedDemo } from '../../src/index.js';
import { API_KEY } from '../helpers/api.js';
import { Client } from '../helpers/client.js';
import { signInThroughForm } from '../helpers/harness.js';
import { inputValue } from '../helpers/html.js';
import { decodeSamlResponse } from '../helpers/saml.js';
import { migratedIdpDatabase } from '../helpers/scratch-database.js';

describe('signing keys shared by two IdP instances on one PostgreSQL database', function () {
  this.timeout(60_000);
  let database: ScratchDatabase;
  let dir: string;
  const idps: Idp[] = [];
  const servers: RunningServer[] = [];

  before(async () => {
    database = await migratedIdpDatabase('idp_keys');
    dir = mkdtempSync(join(tmpdir(), 'samlbridge-keys-'));
    const ports = [await freePort(), await freePort()];
    // Behind one load balancer both instances have the same public URL; here each keeps its own port.
    const started = await Promise.all(
      ports.map((port) =>
        createIdp({
          env: {},
          config: {
            dataDir: dir,
            databaseUrl: database.url,
            baseUrl: `http://localhost:${port}`,
            logLevel: 'silent',
            secretKey: 'c'.repeat(64),
            provisioningWorker: false,
          },
          logger: pino({ level: 'silent' }),
        }),
      ),
    );
    idps.push(...started);
    for (const [i, idp] of started.entries()) servers.push(await listen(idp.app, ports[i] as number));
    await seedDemo(started[0] as Idp, { spBaseUrl: 'http://sp.test', spEntityId: 'sp.test', spAcsUrl: 'http://sp.test/acs' });
  });
  after(async () => {
    for (const s of servers) await s.close();
    for (const i of idps) await i.close();
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const [a, b] = [() => servers[0] as RunningServer, () => servers[1] as RunningServer];

  async function api(server: RunningServer, method: string, path: string) {
    const res = await fetch(`${server.url}/api${path}`, { method, headers: { 'x-api-key': API_KEY } });
    // biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field
    return { status: res.status, body: (await res.json()) as any };
  }

  /** An IdP-initiated launch on `server` after a sign-in there: the certificate in the Response's KeyInfo. */
  async function signingCertificateOf(server: RunningServer): Promise<string> {
    const client = new Client(server.url);
    expect((await signInThroughForm(client, '/login?next=/userconsole/')).status).to.equal(302);
    const saml = inputValue(await (await client.get('/saml2/talentlms')).text(), 'SAMLResponse');
    const xml = decodeSamlResponse(saml ?? '');
    return /<ds:X509Certificate>([^<]+)<\/ds:X509Certificate>/.exec(xml)?.[1] ?? '';
  }

  it('adopts the shared key file as one active key, whichever instance started first', async () => {
    const { items } = (await api(a(), 'GET', '/signing-keys')).body;
    expect(items.map((k: { state: string }) => k.state)).to.deep.equal(['active']);
    expect(items[0].pem).to.equal((idps[1] as Idp).signing.certificatePem);
  });

  it('signs with a key activated through the other instance from its next request on', async () => {
    const next = (await api(a(), 'POST', '/signing-keys')).body;
    try {
      // B publishes the next certificate as soon as A generated it.
      const metadata = await (await fetch(`${b().url}/saml2/talentlms/metadata`)).text();
      expect(metadata).to.contain(certificateBody(next.pem));
      expect(await signingCertificateOf(b())).not.to.equal(certificateBody(next.pem));

      expect((await api(a(), 'POST', `/signing-keys/${next.id}/activate`)).status).to.equal(200);
      expect(await signingCertificateOf(b())).to.equal(certificateBody(next.pem));
      expect(await (await fetch(`${b().url}/saml2/talentlms/certificate.pem`)).text()).to.equal(next.pem);
    } finally {
      // Back to the adopted key, so that each test runs alone.
      const previous = (await api(b(), 'GET', '/signing-keys')).body.items.find((k: { state: string }) => k.state === 'previous');
      if (previous) await api(b(), 'POST', `/signing-keys/${previous.id}/activate`);
      const standby = (await api(b(), 'GET', '/signing-keys')).body.items.find((k: { state: string }) => k.state !== 'active');
      if (standby) await api(b(), 'POST', `/signing-keys/${standby.id}/retire`);
    }
  });

  it('lets only one of two simultaneous "generate next" calls through (409 for the other)', async () => {
    const results = await Promise.all([api(a(), 'POST', '/signing-keys'), api(b(), 'POST', '/signing-keys')]);
    try {
      expect(results.map((r) => r.status).sort()).to.deep.equal([201, 409]);
      expect(results.find((r) => r.status === 409)?.body.error).to.equal('signing_key_standby_exists');
    } finally {
      const created = results.find((r) => r.status === 201);
      if (created) await api(a(), 'POST', `/signing-keys/${created.body.id}/retire`);
    }
  });
});
