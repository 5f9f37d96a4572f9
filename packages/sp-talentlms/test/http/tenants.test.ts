// Tenants from the Host header: separate settings, ACS URLs, entity IDs, users and sessions.

import { fingerprints } from '@samlbridge/protocol';
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { before, describe, it } from 'mocha';
import { expectRejected } from '../helpers/expect-rejected.js';
import { IDP_ENTITY_ID, IDP_SSO_URL, sessionOf, startSp } from '../helpers/harness.js';
import { idpKeys } from '../helpers/keys.js';

const ACME = 'acme.talentlms.localhost';
const ACME_ACS = `http://${ACME}:5000/simplesaml/module.php/saml/sp/saml2-acs.php/${ACME}`;
const ACME_PATH = `/simplesaml/module.php/saml/sp/saml2-acs.php/${ACME}`;

describe('tenants', () => {
  const h = suiteFixture(() => startSp());
  before(async () => {
    await h.sp.services.sso.updateSettings(ACME, {
      idpEntityId: `${IDP_ENTITY_ID}/acme`,
      certificateFingerprints: [fingerprints(idpKeys().certificatePem).sha256],
      remoteSignInUrl: IDP_SSO_URL,
    });
  });

  const acmeResponse = () => h.responseXml({ issuer: `${IDP_ENTITY_ID}/acme`, destination: ACME_ACS, assertion: { audience: ACME } });

  it('keeps settings per tenant (acme.talentlms.localhost → acme)', async () => {
    expect((await h.sp.services.sso.getSettings('acme')).idpEntityId).to.equal(`${IDP_ENTITY_ID}/acme`);
    expect((await h.sp.services.sso.getSettings('localhost')).idpEntityId).to.equal(IDP_ENTITY_ID);
    expect((await h.sp.services.sso.getSettings('127.0.0.1')).idpEntityId).to.equal(IDP_ENTITY_ID);
  });

  it("signs a user into the tenant named by the Host, with the tenant's ACS URL and entity ID", async () => {
    const r = await h.postAcs(acmeResponse(), { host: `${ACME}:5000`, path: ACME_PATH });
    expect(r.res.status).to.equal(303);
    const res = await h.get('/api/session', r.jar, { headers: { host: `${ACME}:5000` } });
    expect((await res.json()).login).to.equal('jdoe');
    expect((await h.sp.services.users.list('acme')).map((u) => u.login)).to.deep.equal(['jdoe']);
  });

  it('does not let an acme session sign anyone in on the default tenant', async () => {
    const r = await h.postAcs(acmeResponse(), { host: `${ACME}:5000`, path: ACME_PATH });
    expect(r.res.status).to.equal(303);
    expect(await sessionOf(h, r.jar)).to.equal(undefined);
  });

  it("rejects the default tenant's Response at the acme ACS", async () => {
    const r = await h.postAcs(h.responseXml(), { host: `${ACME}:5000`, path: ACME_PATH });
    expect(r.res.status).to.equal(403);
    expect(r.body).to.include('data-reason="issuer_mismatch"');
  });

  it('answers 404 when the ACS {host} segment is not the tenant host', async () => {
    const r = await h.postAcs(acmeResponse(), { host: `${ACME}:5000`, path: '/simplesaml/module.php/saml/sp/saml2-acs.php/localhost' });
    expect(r.res.status).to.equal(404);
  });

  it("serves the tenant's metadata with its own entity ID and ACS", async () => {
    const res = await h.get(`/simplesaml/module.php/saml/sp/metadata.php/${ACME}`, undefined, { headers: { host: `${ACME}:5000` } });
    const xml = await res.text();
    expect(xml).to.include(`entityID="${ACME}"`);
    expect(xml).to.include(`Location="${ACME_ACS}"`);
  });

  it('records rejections under the tenant', async () => {
    await expectRejected(h, await h.postAcs(h.responseXml({ issuer: 'https://x.example' })), 'issuer_mismatch');
    const events = await h.sp.store.events.list('acme', { limit: 10 });
    expect(events.every((e) => e.tenant === 'acme')).to.equal(true);
  });
});
