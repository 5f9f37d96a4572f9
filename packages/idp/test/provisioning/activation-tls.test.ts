// Activation refuses an application whose TLS certificate the IdP cannot trust, with a reason a
// person can act on, and sends nothing (the token never leaves the IdP), as it does with the SP's
// reason on 401/404/TLS/connection errors.

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningMaterial } from '@samlbridge/certs';
import type { SamlbridgeError } from '@samlbridge/errors';
import { expect } from 'chai';
import { pino } from 'pino';
import { createIdp, type Idp, seedDemo } from '../../src/index.js';

describe('provisioning activation over HTTPS with an untrusted certificate', function () {
  this.timeout(20000);
  let dir: string;
  let idp: Idp;
  let server: Server;
  let url: string;
  let requests = 0;

  before(async () => {
    const { privateKeyPem, certificatePem } = generateSigningMaterial({ commonName: 'localhost' });
    server = createServer({ key: privateKeyPem, cert: certificatePem }, (_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/scim+json' });
      res.end(JSON.stringify({ totalResults: 0, Resources: [] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as { port: number }).port}/api/scim2`;
    dir = mkdtempSync(join(tmpdir(), 'idp-tls-'));
    idp = await createIdp({
      env: {},
      config: { dataDir: dir, logLevel: 'silent', provisioningWorker: false, secretKey: 'c'.repeat(64) },
      logger: pino({ level: 'silent' }),
    });
    await seedDemo(idp, { spBaseUrl: 'http://sp.test', spEntityId: 'sp.test', spAcsUrl: 'http://sp.test/acs' });
  });
  after(async () => {
    await idp.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a self-signed certificate with the TLS reason and what to do, storing and sending nothing', async () => {
    const err = (await idp.provisioning.idm.activate('talentlms', { baseUrl: url, token: 'secret-token' }, 'test').then(
      () => {
        throw new Error('expected a refusal');
      },
      (e) => e,
    )) as SamlbridgeError;
    expect(err.code).to.equal('idm_verification_failed');
    expect(err.status).to.equal(400);
    expect(err.message).to.match(/^Could not open a secure \(TLS\) connection to 127\.0\.0\.1:\d+: /);
    expect(err.message).to.include('self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)');
    expect(err.message).to.include('certificate from a public certificate authority, or start the IdP with NODE_EXTRA_CA_CERTS');
    expect(err.details).to.deep.equal([{ field: 'baseUrl', message: 'tls' }]);
    expect(requests).to.equal(0);
    expect((await idp.provisioning.idm.get('talentlms')).configured).to.equal(false);
    const [event] = (await idp.services.events.list({ type: 'idm_integration_activate' })).items;
    expect(event).to.include({ success: false, reason: 'idm_verification_failed' });
  });
});
