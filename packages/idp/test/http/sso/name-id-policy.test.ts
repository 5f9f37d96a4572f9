// NameIDPolicy (saml-core §3.4.1.1, §8.3) over real HTTP, on SQLite and on PostgreSQL.
import { encodePost, NAMEID_FORMAT, NS } from '@samlbridge/protocol';
import type { ScratchDatabase } from '@samlbridge/web';
import { expect } from 'chai';
import type { Client } from '../../helpers/client.js';
import { type Harness, SP_ACS, SP_ENTITY_ID, signInThroughForm, startIdp } from '../../helpers/harness.js';
import { formAction, inputValue } from '../../helpers/html.js';
import { authnRequest, decodeSamlResponse, first, redirectQuery, statusCodes, verifySignatures } from '../../helpers/saml.js';
import { migratedIdpDatabase } from '../../helpers/scratch-database.js';

const STATUS = 'urn:oasis:names:tc:SAML:2.0:status:';

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`NameIDPolicy at the IdP (${engine})`, function () {
    this.timeout(60_000);
    let h: Harness;
    let database: ScratchDatabase | undefined;
    let sso: string;
    let appId: string;
    before(async () => {
      if (engine === 'postgres') database = await migratedIdpDatabase('idp_name_id_policy');
      h = await startIdp(database ? { databaseUrl: database.url, provisioningWorker: false } : {});
      sso = `${h.url}/saml2/talentlms`;
      const app = await h.idp.services.directory.findApplicationByName('talentlms');
      appId = app?.id ?? '';
    });
    after(async () => {
      await h?.close();
      await database?.drop();
    });
    afterEach(async () => {
      await h.idp.services.directory.updateApplication(appId, { allowedNameIdFormats: null });
    });

    async function signedIn(): Promise<Client> {
      const client = h.client();
      expect((await signInThroughForm(client, '/login?next=/userconsole/')).status).to.equal(302);
      return client;
    }

    /** Posts an AuthnRequest with this NameIDPolicy; returns the Response XML (verified signatures). */
    async function respond(client: Client, policy: Parameters<typeof authnRequest>[0] extends infer T ? Partial<T> : never) {
      const { id, xml } = authnRequest({ destination: sso, issuer: SP_ENTITY_ID, ...policy });
      const res = await client.post('/saml2/talentlms', { SAMLRequest: encodePost(xml) });
      expect(res.status).to.equal(200);
      const body = await res.text();
      expect(formAction(body)).to.equal(SP_ACS);
      const response = decodeSamlResponse(inputValue(body, 'SAMLResponse') ?? '');
      verifySignatures(response, h.idp.signing.certificatePem);
      expect(first(response, NS.protocol, 'Response')?.getAttribute('InResponseTo')).to.equal(id);
      return response;
    }

    const nameId = (xml: string) => first(xml, NS.assertion, 'NameID');

    it('answers Format emailAddress with the user email in that format', async () => {
      const xml = await respond(await signedIn(), { nameIdFormat: NAMEID_FORMAT.emailAddress });
      expect(nameId(xml)?.getAttribute('Format')).to.equal(NAMEID_FORMAT.emailAddress);
      expect(nameId(xml)?.textContent).to.equal('demo.user@example.com');
    });

    it('answers without NameIDPolicy, or with unspecified, with the configured source and format (the username)', async () => {
      const client = await signedIn();
      for (const xml of [await respond(client, {}), await respond(client, { nameIdFormat: NAMEID_FORMAT.unspecified })]) {
        expect(nameId(xml)?.getAttribute('Format')).to.equal(NAMEID_FORMAT.unspecified);
        expect(nameId(xml)?.textContent).to.equal('demo.user');
        expect(nameId(xml)?.hasAttribute('SPNameQualifier')).to.equal(false);
      }
    });

    it('answers persistent with one stored opaque value per user and application, qualified by both entity IDs, kept across renames', async () => {
      const client = await signedIn();
      const one = nameId(await respond(client, { nameIdFormat: NAMEID_FORMAT.persistent }));
      expect(one?.getAttribute('Format')).to.equal(NAMEID_FORMAT.persistent);
      expect(one?.getAttribute('NameQualifier')).to.equal(sso);
      expect(one?.getAttribute('SPNameQualifier')).to.equal(SP_ENTITY_ID);
      const value = one?.textContent ?? '';
      expect(value).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(value).not.to.contain('demo');
      const user = await h.idp.services.directory.findUserByUsername('demo.user');
      expect(await h.idp.store.persistentNameIds.get(appId, user?.id ?? '')).to.equal(value);
      await h.idp.services.directory.updateUser(user?.id ?? '', { username: 'demo.renamed' });
      try {
        const again = nameId(
          await respond(await signedInAs('demo.renamed'), { nameIdFormat: NAMEID_FORMAT.persistent, allowCreate: false }),
        );
        expect(again?.textContent).to.equal(value);
      } finally {
        await h.idp.services.directory.updateUser(user?.id ?? '', { username: 'demo.user' });
      }
    });

    async function signedInAs(username: string): Promise<Client> {
      const client = h.client();
      expect((await signInThroughForm(client, '/login?next=/userconsole/', username)).status).to.equal(302);
      return client;
    }

    it('gives each application its own persistent value for the same user', async () => {
      const second = await h.idp.services.directory.createApplication({
        catalog: 'custom-saml',
        name: `second-${engine}`,
        spEntityId: 'second.test',
        acsUrls: ['http://second.test/acs'],
      });
      const user = await h.idp.services.directory.findUserByUsername('demo.user');
      const group = (await h.idp.services.directory.findGroupByName('TalentLMS Users'))?.id ?? '';
      await h.idp.services.directory.bindGroup(second.id, group);
      const client = await signedIn();
      const first1 = nameId(await respond(client, { nameIdFormat: NAMEID_FORMAT.persistent }))?.textContent;
      const { xml } = authnRequest({
        destination: `${h.url}/saml2/second-${engine}`,
        issuer: 'second.test',
        assertionConsumerServiceUrl: 'http://second.test/acs',
        nameIdFormat: NAMEID_FORMAT.persistent,
      });
      const res = await client.post(`/saml2/second-${engine}`, { SAMLRequest: encodePost(xml) });
      const other = nameId(decodeSamlResponse(inputValue(await res.text(), 'SAMLResponse') ?? ''));
      expect(other?.getAttribute('SPNameQualifier')).to.equal('second.test');
      expect(other?.textContent).to.be.a('string').and.not.equal(first1);
      expect(await h.idp.store.persistentNameIds.get(second.id, user?.id ?? '')).to.equal(other?.textContent);
    });

    it('answers transient with one random value per IdP session: the same for two launches, a new one in a new session', async () => {
      const client = await signedIn();
      const a = nameId(await respond(client, { nameIdFormat: NAMEID_FORMAT.transient }));
      const b = nameId(await respond(client, { nameIdFormat: NAMEID_FORMAT.transient }));
      expect(a?.getAttribute('Format')).to.equal(NAMEID_FORMAT.transient);
      expect(a?.textContent).to.match(/^_[0-9a-f]{40}$/);
      expect(b?.textContent).to.equal(a?.textContent);
      const other = nameId(await respond(await signedIn(), { nameIdFormat: NAMEID_FORMAT.transient }));
      expect(other?.textContent)
        .to.match(/^_[0-9a-f]{40}$/)
        .and.not.equal(a?.textContent);
    });

    it('answers transient after another format in the same session with a transient value, not the earlier NameID', async () => {
      const client = await signedIn();
      const email = nameId(await respond(client, { nameIdFormat: NAMEID_FORMAT.emailAddress }));
      const transient = nameId(await respond(client, { nameIdFormat: NAMEID_FORMAT.transient }));
      expect(transient?.textContent)
        .to.match(/^_[0-9a-f]{40}$/)
        .and.not.equal(email?.textContent);
    });

    async function expectInvalidPolicy(xml: string, reason: string) {
      expect(statusCodes(xml)).to.deep.equal([`${STATUS}Requester`, `${STATUS}InvalidNameIDPolicy`]);
      expect(first(xml, NS.assertion, 'Assertion')).to.equal(undefined);
      const events = await h.idp.services.events.list({ type: 'sso_auth', success: false, application: 'talentlms', limit: 1 });
      expect(events.items[0]?.reason).to.equal(reason);
    }

    it('answers a format the application does not allow with a signed Requester/InvalidNameIDPolicy Response', async () => {
      await h.idp.services.directory.updateApplication(appId, { allowedNameIdFormats: [NAMEID_FORMAT.emailAddress] });
      await expectInvalidPolicy(await respond(await signedIn(), { nameIdFormat: NAMEID_FORMAT.transient }), 'name_id_format_not_allowed');
    });

    it('answers a format the IdP cannot produce with InvalidNameIDPolicy', async () => {
      const x509 = 'urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName';
      await expectInvalidPolicy(await respond(await signedIn(), { nameIdFormat: x509 }), 'name_id_format_unsupported');
    });

    // saml-core §3.4.1.1: an absent AllowCreate means "false".
    const noCreate = [
      {
        title: 'answers AllowCreate="false" with InvalidNameIDPolicy while the user has no persistent NameID, and with it once one exists',
        username: 'fresh',
        allowCreate: false,
      },
      {
        title: 'treats an absent AllowCreate as "false" (saml-core §3.4.1.1): creates no persistent NameID, issues one that exists',
        username: 'quiet',
        allowCreate: null,
      },
    ] as const;
    for (const { title, username, allowCreate } of noCreate) {
      it(title, async () => {
        const user = await h.idp.services.directory.createUser({
          username: `${username}.${engine}`,
          email: `${username}.${engine}@example.com`,
          firstName: username,
          lastName: 'User',
          password: 'demo-password',
        });
        const group = (await h.idp.services.directory.findGroupByName('TalentLMS Users'))?.id ?? '';
        await h.idp.services.directory.addMember(group, user.id);
        const client = await signedInAs(user.username);
        await expectInvalidPolicy(
          await respond(client, { nameIdFormat: NAMEID_FORMAT.persistent, allowCreate }),
          'name_id_create_not_allowed',
        );
        expect(await h.idp.store.persistentNameIds.get(appId, user.id)).to.equal(undefined);
        const created = nameId(await respond(client, { nameIdFormat: NAMEID_FORMAT.persistent, allowCreate: true }))?.textContent;
        const kept = nameId(await respond(client, { nameIdFormat: NAMEID_FORMAT.persistent, allowCreate }))?.textContent;
        expect(kept).to.be.a('string').and.equal(created);
      });
    }

    it('answers an SPNameQualifier naming another service provider with InvalidNameIDPolicy', async () => {
      await expectInvalidPolicy(
        await respond(await signedIn(), { nameIdFormat: NAMEID_FORMAT.persistent, spNameQualifier: 'https://affiliation.test' }),
        'name_id_qualifier_unsupported',
      );
    });

    it('refuses a disallowed format before the login form, and keeps an allowed one through it', async () => {
      await h.idp.services.directory.updateApplication(appId, { allowedNameIdFormats: [NAMEID_FORMAT.emailAddress] });
      const refused = authnRequest({ destination: sso, issuer: SP_ENTITY_ID, nameIdFormat: NAMEID_FORMAT.persistent });
      const before = await h.client().get(`/saml2/talentlms?${redirectQuery(refused.xml)}`);
      expect(before.status).to.equal(200);
      await expectInvalidPolicy(decodeSamlResponse(inputValue(await before.text(), 'SAMLResponse') ?? ''), 'name_id_format_not_allowed');

      const client = h.client();
      const ok = authnRequest({ destination: sso, issuer: SP_ENTITY_ID, nameIdFormat: NAMEID_FORMAT.emailAddress });
      const start = await client.get(`/saml2/talentlms?${redirectQuery(ok.xml)}`);
      expect(start.status).to.equal(302);
      const res = await signInThroughForm(client, start.headers.get('location') ?? '');
      const xml = decodeSamlResponse(inputValue(await res.text(), 'SAMLResponse') ?? '');
      expect(nameId(xml)?.getAttribute('Format')).to.equal(NAMEID_FORMAT.emailAddress);
      expect(nameId(xml)?.textContent).to.equal('demo.user@example.com');
    });
  });
}
