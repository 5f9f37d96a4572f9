// GET|PUT /api/admin/sso and /api/admin/events: bearer auth, per-field validation messages.
import { fingerprints } from '@samlbridge/protocol';
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { ACS_URL, IDP_ENTITY_ID, startSp } from '../helpers/harness.js';
import { idpKeys } from '../helpers/keys.js';

describe('admin API', () => {
  const h = suiteFixture(() => startSp({ settings: false }));

  /** Saves settings that trust the test IdP by SHA-1 fingerprint, as an administrator would. */
  async function saveValidSettings() {
    const sha1 = fingerprints(idpKeys().certificatePem).sha1;
    const res = await h.api('PUT', '/api/admin/sso', {
      idpEntityId: IDP_ENTITY_ID,
      certificateFingerprints: [sha1.toLowerCase().replaceAll(':', '')],
      remoteSignInUrl: 'https://idp.example.test/saml2/talentlms',
      remoteSignOutUrl: 'https://idp.example.test/userconsole/',
    });
    return { res, sha1 };
  }

  it('refuses requests without the bearer key (401) and with a wrong key', async () => {
    const none = await fetch(`${h.url}/api/admin/sso`);
    expect(none.status).to.equal(401);
    expect(await none.json()).to.include({ error: 'unauthorized' });
    expect((await h.api('GET', '/api/admin/sso', undefined, 'wrong-key')).status).to.equal(401);
    expect((await h.api('GET', '/api/admin/events', undefined, 'wrong-key')).status).to.equal(401);
  });

  it('returns the defaults and the SP values to give the IdP', async () => {
    const body = await (await h.api('GET', '/api/admin/sso')).json();
    expect(body).to.include({
      integrationType: 'saml2',
      configured: false,
      allowUnsolicited: true,
      requireSignedAssertion: false,
      allowSha1: false,
      signAuthnRequests: false,
    });
    expect(body.attributes).to.deep.equal({ targetedId: 'Username', firstName: 'FirstName', lastName: 'LastName', email: 'Email' });
    expect(body.sp).to.deep.equal({
      entityId: 'localhost',
      acsUrl: ACS_URL,
      metadataUrl: 'http://localhost:5000/simplesaml/module.php/saml/sp/metadata.php/localhost',
    });
  });

  it('saves valid settings, normalises fingerprints and reports configured', async () => {
    const { res, sha1 } = await saveValidSettings();
    expect(res.status).to.equal(200);
    const body = await res.json();
    expect(body.configured).to.equal(true);
    expect(body.certificateFingerprints).to.deep.equal([sha1]);
    expect((await (await h.api('GET', '/api/admin/sso')).json()).idpEntityId).to.equal(IDP_ENTITY_ID);
  });

  it('answers 400 with one message per field breaking the schema, then per field breaking the SSO rules, saving nothing', async () => {
    expect((await saveValidSettings()).res.status).to.equal(200);
    const saved = await (await h.api('GET', '/api/admin/sso')).json();
    const fieldsOf = async (res: Response) => {
      expect(res.status).to.equal(400);
      const body = await res.json();
      expect(body.error).to.equal('invalid_settings');
      for (const d of body.details) expect(d.message, d.field).to.be.a('string').and.not.equal('');
      return (body.details as { field: string }[]).map((d) => d.field).sort();
    };
    // Types, unknown fields, unknown attribute mappings: all at once.
    const shape = await h.api('PUT', '/api/admin/sso', {
      idpEntityId: 42,
      attributes: { email: '', nickname: 'x' },
      allowUnsolicited: 'yes',
      colour: 'blue',
    });
    expect(await fieldsOf(shape)).to.deep.equal(['allowUnsolicited', 'attributes.nickname', 'colour', 'idpEntityId']);
    // Fingerprints, certificates, URL schemes, empty mappings, unsupported options: all at once.
    const rules = await h.api('PUT', '/api/admin/sso', {
      certificateFingerprints: ['AB:CD', 'not-hex-zz'],
      certificatePem: 'hello',
      remoteSignInUrl: 'ftp://idp.example.test',
      remoteSignOutUrl: 'not a url',
      attributes: { email: '' },
      signAuthnRequests: true,
    });
    expect(await fieldsOf(rules)).to.deep.equal(
      [
        'certificateFingerprints[0]',
        'certificateFingerprints[1]',
        'certificatePem',
        'remoteSignInUrl',
        'remoteSignOutUrl',
        'attributes.email',
        'signAuthnRequests',
      ].sort(),
    );
    expect(await (await h.api('GET', '/api/admin/sso')).json()).to.deep.equal(saved);
  });

  it('explains a fingerprint of the wrong length', async () => {
    const body = await (await h.api('PUT', '/api/admin/sso', { certificateFingerprints: ['AB:CD:EF'] })).json();
    expect(body.details[0].message).to.match(/SHA-1 fingerprint has 40/);
  });

  it('refuses a PEM block that is not an X.509 certificate', async () => {
    const res = await h.api('PUT', '/api/admin/sso', { certificatePem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' });
    expect(res.status).to.equal(400);
    expect((await res.json()).details).to.deep.equal([
      { field: 'certificatePem', message: 'Certificate 1 is not a valid X.509 certificate' },
    ]);
  });

  it('lists audit events newest first', async () => {
    expect((await saveValidSettings()).res.status).to.equal(200);
    await h.postAcs(h.responseXml({ issuer: 'https://nope.example' }));
    const { events } = await (await h.api('GET', '/api/admin/events')).json();
    expect(events[0]).to.include({ type: 'sso_login', success: false, reason: 'issuer_mismatch', tenant: 'default' });
    expect(events[0].time).to.equal(h.clock.now().toISOString());
  });
});
