import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePost } from '@samlbridge/protocol';
import { logSink, suiteFixture } from '@samlbridge/test-support';
import { createLogger, listen } from '@samlbridge/web';
import { expect } from 'chai';
import { createIdp, seedDemo } from '../../src/index.js';
import { Client } from '../helpers/client.js';
import { SP_ENTITY_ID, signInThroughForm, startIdp } from '../helpers/harness.js';
import { inputValue } from '../helpers/html.js';
import { authnRequest, redirectQuery } from '../helpers/saml.js';

describe('logs, cookies and sessions', () => {
  describe('with a capturing logger', () => {
    let h: Awaited<ReturnType<typeof start>>;
    /** An IdP whose log lines (JSON, one per entry) land in its own `log` sink. */
    async function start(samlTrace = false) {
      const dir = mkdtempSync(join(tmpdir(), 'samlbridge-idp-'));
      const log = logSink();
      const idp = await createIdp({
        env: {},
        config: { dataDir: dir, baseUrl: 'http://localhost:1', samlTrace },
        logger: createLogger('idp', 'trace', log.stream),
      });
      await seedDemo(idp, { spBaseUrl: 'http://sp.test', spEntityId: SP_ENTITY_ID, spAcsUrl: 'http://sp.test/acs' });
      const server = await listen(idp.app, 0);
      return { idp, server, dir, log };
    }
    before(async () => {
      h = await start();
    });
    after(async () => {
      await h.server.close();
      await h.idp.close();
      rmSync(h.dir, { recursive: true, force: true });
    });

    it('writes one line per request with the path only, and nothing secret', async () => {
      const client = new Client(h.server.url);
      const { xml } = authnRequest({ destination: 'http://localhost:1/saml2/talentlms', issuer: SP_ENTITY_ID });
      const query = redirectQuery(xml, 'secret-relay');
      const start = await client.get(`/saml2/talentlms?${query}`);
      const res = await signInThroughForm(client, start.headers.get('location') ?? '');
      const samlResponse = inputValue(await res.text(), 'SAMLResponse') ?? '';
      await client.post('/saml2/talentlms', { SAMLRequest: encodePost(xml) });
      await fetch(`${h.server.url}/api/users`, { headers: { 'x-api-key': 'idp-demo-admin-key' } });
      const log = h.log.text();
      const requests = h.log.records().filter((l) => l.msg === 'request');
      expect(requests.map((r) => r.path)).to.include.members(['/saml2/talentlms', '/login', '/api/users']);
      expect(requests.every((r) => typeof r.status === 'number' && typeof r.ms === 'number')).to.equal(true);
      for (const secret of ['SAMLRequest=', 'secret-relay', 'demo-password', 'idp-demo-admin-key', samlResponse.slice(0, 40), 'flow=']) {
        expect(log, secret).not.to.contain(secret);
      }
      expect(log).to.contain('SAML Response issued');
    });

    it('logs raw SAML only when IDP_SAML_TRACE is on', async () => {
      const { xml } = authnRequest({ destination: 'http://localhost:1/saml2/talentlms', issuer: SP_ENTITY_ID });
      expect((await new Client(h.server.url).get(`/saml2/talentlms?${redirectQuery(xml)}`)).status).to.equal(302);
      expect(h.log.text()).not.to.contain('AuthnRequest received');
      const traced = await start(true);
      try {
        await new Client(traced.server.url).get(`/saml2/talentlms?${redirectQuery(xml)}`);
        const entry = traced.log.records().find((l) => l.msg === 'AuthnRequest received');
        expect(entry?.level).to.equal(10);
        expect(entry?.xml).to.equal(xml);
      } finally {
        await traced.server.close();
        await traced.idp.close();
        rmSync(traced.dir, { recursive: true, force: true });
      }
    });
  });

  describe('on an https base URL', () => {
    const h = suiteFixture(() => startIdp({ baseUrl: 'https://idp.example' }));

    it('sets a Secure, SameSite=None session cookie behind a TLS proxy', async () => {
      const client = h.client();
      const form = await client.get('/login', { 'x-forwarded-proto': 'https' });
      const res = await client.post(
        '/login',
        { _csrf: inputValue(await form.text(), '_csrf') ?? '', username: 'demo.user', password: 'demo-password' },
        { 'x-forwarded-proto': 'https' },
      );
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('samlbridge_idp_session=')) ?? '';
      expect(cookie)
        .to.match(/;\s*secure/i)
        .and.to.match(/samesite=none/i)
        .and.to.match(/httponly/i);
    });
  });

  describe('a session whose user is suspended afterwards', () => {
    const h = suiteFixture(() => startIdp());

    it('no longer launches applications and goes back to the login form', async () => {
      const client = h.client();
      await signInThroughForm(client, '/login');
      expect((await client.get('/saml2/talentlms')).status).to.equal(200);
      const user = await h.idp.services.directory.findUserByUsername('demo.user');
      await h.idp.services.directory.updateUser(user?.id ?? '', { status: 'suspended' });
      const res = await client.get('/saml2/talentlms');
      expect(res.status).to.equal(302);
      expect(res.headers.get('location')).to.match(/^\/login\?flow=/);
    });
  });
});
