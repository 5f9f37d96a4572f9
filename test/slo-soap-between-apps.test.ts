// Back-channel (SOAP) Single Logout between our two apps over real HTTP (saml-bindings §3.2, saml-profiles
// §4.4.3.3 / §4.4.4.2): the admin's "end this user's sessions" (API and portal) tells the LMS server to server and
// reports each outcome: confirmed, unreachable, timeout, refused (an answer whose signature does not verify), failed
// (a SOAP Fault). The user console's sign-out tells an LMS that has only a SOAP endpoint. The SP metadata lists the SOAP endpoint, the metadata import picks it up, and xmlsec1 verifies the
// IdP's LogoutRequest signature inside the SOAP envelope. On SQLite files and on PostgreSQL.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningMaterial, loadOrCreateKeyPair } from '@samlbridge/certs';
import { readSoapMessage, soapFault } from '@samlbridge/protocol';
import { SAML_ID_ELEMENTS, testDatabaseServer, xmlsecVerify } from '@samlbridge/test-support';
import { expect } from 'chai';
import { demoApplicationId, spSingleLogoutUrl } from './support/demo-application.js';
import { HttpBrowser, onlyForm } from './support/http-browser.js';
import { freePort } from './support/stack.js';
import { signedInAtBoth, stackFixture } from './support/stack-fixture.js';

/** A local HTTP server that records each request body and answers with `answer` (or never, when it is undefined). */
async function stubSp(answer?: { status: number; body: string }): Promise<{ url: string; bodies: string[]; close(): Promise<void> }> {
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      if (answer) res.writeHead(answer.status, { 'content-type': 'text/xml' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/soap`,
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

for (const engine of ['SQLite', 'PostgreSQL'] as const) {
  describe(`Back-channel (SOAP) Single Logout between the IdP and the TalentLMS-like SP (${engine})`, function () {
    this.timeout(60_000);
    const stack = stackFixture('soap', engine === 'PostgreSQL' ? () => testDatabaseServer() : undefined);
    let appId: string;
    let userId: string;
    let spSoap: string;
    let spCertificatePem: string;

    before(async () => {
      appId = await demoApplicationId(stack);
      userId = (await stack.idp.services.directory.findUserByUsername(stack.demo.username))?.id ?? '';
      spSoap = `${spSingleLogoutUrl(stack)}/soap`;
      spCertificatePem = (await loadOrCreateKeyPair(stack.sp.config.dataDir, 'sp-signing', { commonName: 'localhost' })).certificatePem;
      await stack.sp.services.sso.updateSettings('default', {
        useSamlSingleLogout: true,
        idpSingleLogoutUrl: `${stack.idpUrl}/saml2/${stack.appName}/slo`,
      });
    });

    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${stack.idpUrl}/api${path}`, {
        method,
        headers: { 'x-api-key': stack.idp.config.adminApiKey, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    /** Only a SOAP endpoint (no front-channel URL), and the SP's real signing certificate. */
    async function soapOnly(soapUrl: string, certificatePem = spCertificatePem) {
      await stack.idp.store.requestSigning.put(
        appId,
        { requireSignedRequests: false, spCertificatePem: certificatePem, allowSha1: false },
        new Date(),
      );
      const saved = await api('PUT', `/applications/${appId}/single-logout`, { sloUrl: '', sloResponseUrl: '', binding: 'post', soapUrl });
      expect(saved.status).to.equal(200);
    }
    beforeEach(() => soapOnly(spSoap));

    /** Signs in at the IdP and launches the TalentLMS tile: both sessions exist. */
    async function signedInBoth(): Promise<HttpBrowser> {
      const browser = await signedInAtBoth(stack);
      expect(await spSignedIn(browser)).to.equal(true);
      // The admin's cut-off ends sessions signed in at or before it: the next whole second on the IdP clock.
      stack.idpClock.advance(1000);
      return browser;
    }
    const spSignedIn = async (browser: HttpBrowser) => (await browser.request('GET', `${stack.spUrl}/api/session`)).status === 200;
    const endSessions = async () => {
      const res = await api('DELETE', `/users/${userId}/sessions`);
      expect(res.status).to.equal(200);
      return res.body as { told: { application: string; outcome: string; reason?: string }[]; notTold: unknown[] };
    };
    /**
     * With only `soapUrl` as the application's SOAP endpoint (answers checked with `certificatePem`): signs in at both
     * apps, ends the user's sessions, and returns what the IdP says it told the LMS.
     */
    async function toldThroughSoap(soapUrl: string, certificatePem?: string) {
      await soapOnly(soapUrl, certificatePem);
      const browser = await signedInBoth();
      const [told] = (await endSessions()).told;
      return { told, browser };
    }

    it('API: ending the user’s sessions tells the LMS over SOAP; its session cookie is signed out and the answer says confirmed', async () => {
      const browser = await signedInBoth();
      const ended = await endSessions();
      expect(ended.told).to.deep.equal([{ application: stack.appName, label: 'TalentLMS', outcome: 'confirmed' }]);
      expect(ended.notTold).to.deep.equal([]);
      expect(await spSignedIn(browser)).to.equal(false);
    });

    it('portal: the user page lists the LMS as signed out (confirmed) after "End this user’s sessions"', async () => {
      const browser = await signedInBoth();
      const admin = new HttpBrowser();
      const login = await admin.get(`${stack.idpUrl}/admin/login?next=${encodeURIComponent(`/admin/users/${userId}`)}`);
      const userPage = await admin.submit(
        onlyForm(login, (f) => 'password' in f.fields),
        { email: stack.idp.config.adminEmail, password: stack.idp.config.adminPassword },
      );
      const form = onlyForm(userPage, (f) => f.action.endsWith('/end-sessions'));
      const after = await admin.submit(form, { confirm: 'yes' });
      expect(after.body).to.contain(`data-app="${stack.appName}" data-outcome="confirmed"`);
      expect(after.body).to.contain('Signed out by Single Logout: TalentLMS.');
      expect(await spSignedIn(browser)).to.equal(false);
    });

    it('"Sign out" at the user console tells an LMS that has only a SOAP endpoint over the back channel, and shows it confirmed', async () => {
      const browser = await signedInBoth();
      const page = await browser.get(`${stack.idpUrl}/userconsole/`);
      const form = onlyForm(page, (f) => f.action.endsWith('/logout'));
      const first = await browser.request('POST', form.action, form.fields);
      const done = await browser.navigate('GET', new URL(first.headers.get('location') ?? '', first.url).toString());
      expect(new URL(done.url).pathname).to.equal('/logout/done');
      expect(done.body).to.contain(`data-app="${stack.appName}" data-outcome="confirmed"`);
      expect(await spSignedIn(browser)).to.equal(false);
    });

    it('reports an LMS whose SOAP endpoint is down as unreachable', async () => {
      const { told } = await toldThroughSoap(`http://127.0.0.1:${await freePort()}/soap`);
      expect(told?.outcome).to.equal('unreachable');
      expect(told?.reason).to.contain('could not be reached');
    });

    it('reports an endpoint that never answers as timeout, bounded by IDP_SLO_PARTICIPANT_TIMEOUT_SECONDS', async () => {
      const silent = await stubSp();
      const config = stack.idp.config as { sloParticipantTimeoutSeconds: number };
      const was = config.sloParticipantTimeoutSeconds;
      config.sloParticipantTimeoutSeconds = 1;
      try {
        const { told } = await toldThroughSoap(silent.url);
        expect(told?.outcome).to.equal('timeout');
        expect(told?.reason).to.contain('did not answer within 1 s');
        expect(silent.bodies).to.have.length(1);
      } finally {
        config.sloParticipantTimeoutSeconds = was;
        await silent.close();
      }
    });

    it('refuses an answer whose signature does not verify with the application certificate, and the LMS still ended its session', async () => {
      const { told, browser } = await toldThroughSoap(spSoap, generateSigningMaterial({ commonName: 'not-the-sp' }).certificatePem);
      expect(told?.outcome).to.equal('refused');
      expect(told?.reason).to.contain('signature does not verify');
      expect(await spSignedIn(browser)).to.equal(false);
    });

    it('sends a signed LogoutRequest in a SOAP envelope that xmlsec1 verifies with the IdP certificate; a SOAP Fault answer is failed', async () => {
      const faulty = await stubSp({ status: 500, body: soapFault('Server', 'LMS database is down') });
      try {
        const { told } = await toldThroughSoap(faulty.url);
        expect(told?.outcome).to.equal('failed');
        expect(told?.reason).to.equal('SOAP Fault SOAP-ENV:Server: LMS database is down');
        const [envelope] = faulty.bodies;
        expect(readSoapMessage(envelope ?? '', { certificates: [], allowSha1: false })).to.deep.include({
          kind: 'message',
          localName: 'LogoutRequest',
        });
        const dir = mkdtempSync(join(tmpdir(), 'soap-slo-'));
        writeFileSync(join(dir, 'idp.crt'), await (await fetch(`${stack.idpUrl}/saml2/${stack.appName}/certificate.pem`)).text());
        writeFileSync(join(dir, 'envelope.xml'), envelope ?? '');
        const verify = (file: string) => xmlsecVerify(join(dir, file), join(dir, 'idp.crt'), [SAML_ID_ELEMENTS.logoutRequest]);
        expect(() => verify('envelope.xml')).to.not.throw();
        writeFileSync(join(dir, 'tampered.xml'), (envelope ?? '').replace(/<samlp:SessionIndex>[^<]+</, '<samlp:SessionIndex>_other<'));
        expect(() => verify('tampered.xml')).to.throw();
      } finally {
        await faulty.close();
      }
    });

    it('the SP metadata lists its SOAP endpoint and the metadata import stores it as the application’s SOAP SLO URL', async () => {
      await api('PUT', `/applications/${appId}/single-logout`, { sloUrl: '', sloResponseUrl: '', binding: 'post', soapUrl: '' });
      const host = new URL(stack.spUrl).hostname;
      const metadataUrl = `${stack.spUrl}/simplesaml/module.php/saml/sp/metadata.php/${host}`;
      expect(await (await fetch(metadataUrl)).text()).to.contain(
        `Binding="urn:oasis:names:tc:SAML:2.0:bindings:SOAP" Location="${spSoap}"`,
      );
      expect((await api('POST', `/applications/${appId}/metadata-import`, { url: metadataUrl })).status).to.equal(200);
      expect((await api('GET', `/applications/${appId}/single-logout`)).body.soapUrl).to.equal(spSoap);
    });
  });
}
