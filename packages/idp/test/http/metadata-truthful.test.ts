// The IdP metadata says what each application really does (saml-metadata §2.3.2, §2.4.3) and can be signed.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NAMEID_FORMAT, NS } from '@samlbridge/protocol';
import { SAML_ID_ELEMENTS, suiteFixture, xmlsecVerify } from '@samlbridge/test-support';
import { expect } from 'chai';
import * as samlify from 'samlify';
import { startIdp } from '../helpers/harness.js';
import { parse } from '../helpers/saml.js';

describe('IdP metadata that tells the truth', () => {
  const h = suiteFixture(() => startIdp({ metadataCacheDurationSeconds: 3600, metadataValidDays: 2 }));
  let appId: string;
  const tmp = mkdtempSync(join(tmpdir(), 'samlbridge-metadata-'));
  before(async () => {
    appId = (await h.idp.services.directory.findApplicationByName('talentlms'))?.id ?? '';
  });
  after(async () => {
    rmSync(tmp, { recursive: true, force: true });
  });

  const metadata = async (query = '') => (await fetch(`${h.url}/saml2/talentlms/metadata${query}`)).text();
  const descriptor = (xml: string) => parse(xml).getElementsByTagNameNS(NS.metadata, 'IDPSSODescriptor')[0];
  const formats = (xml: string) => Array.from(parse(xml).getElementsByTagNameNS(NS.metadata, 'NameIDFormat')).map((e) => e.textContent);

  it('says WantAuthnRequestsSigned="true" exactly when the application requires signed requests', async () => {
    expect(descriptor(await metadata())?.getAttribute('WantAuthnRequestsSigned')).to.equal('false');
    await h.idp.services.directory.updateApplication(appId, {
      requireSignedRequests: true,
      spCertificatePem: h.idp.signing.certificatePem,
    });
    try {
      expect(descriptor(await metadata())?.getAttribute('WantAuthnRequestsSigned')).to.equal('true');
    } finally {
      await h.idp.services.directory.updateApplication(appId, { requireSignedRequests: false });
    }
  });

  it('lists every NameID format the application accepts, its configured one first', async () => {
    expect(formats(await metadata())).to.deep.equal([
      NAMEID_FORMAT.unspecified,
      NAMEID_FORMAT.emailAddress,
      NAMEID_FORMAT.persistent,
      NAMEID_FORMAT.transient,
    ]);
    await h.idp.services.directory.updateApplication(appId, {
      nameIdFormat: NAMEID_FORMAT.emailAddress,
      nameIdSource: 'email',
      allowedNameIdFormats: [NAMEID_FORMAT.persistent],
    });
    try {
      expect(formats(await metadata())).to.deep.equal([NAMEID_FORMAT.emailAddress, NAMEID_FORMAT.unspecified, NAMEID_FORMAT.persistent]);
    } finally {
      await h.idp.services.directory.updateApplication(appId, {
        nameIdFormat: NAMEID_FORMAT.unspecified,
        nameIdSource: 'username',
        allowedNameIdFormats: null,
      });
    }
  });

  it('carries cacheDuration and validUntil from the settings', async () => {
    const before = Date.now();
    const entity = parse(await metadata()).documentElement;
    expect(entity?.getAttribute('cacheDuration')).to.equal('PT3600S');
    const validUntil = Date.parse(entity?.getAttribute('validUntil') ?? '');
    expect(validUntil).to.be.within(before + 2 * 86_400_000 - 5_000, Date.now() + 2 * 86_400_000 + 5_000);
  });

  it('is unsigned by default and signed with the IdP key on ?signed=1, verified by xmlsec1', async () => {
    expect(await metadata()).not.to.contain('Signature');
    const signed = await metadata('?signed=1');
    const doc = parse(signed);
    const signature = doc.documentElement?.firstChild as unknown as { localName?: string; namespaceURI?: string } | null;
    expect(signature?.localName).to.equal('Signature');
    expect(signature?.namespaceURI).to.equal(NS.ds);
    writeFileSync(join(tmp, 'idp.crt'), h.idp.signing.certificatePem);
    writeFileSync(join(tmp, 'metadata.xml'), signed);
    const verify = (file: string) => xmlsecVerify(join(tmp, file), join(tmp, 'idp.crt'), [SAML_ID_ELEMENTS.entityDescriptor]);
    expect(() => verify('metadata.xml')).not.to.throw();
    writeFileSync(join(tmp, 'tampered.xml'), signed.replace('/saml2/talentlms"', '/saml2/evil"'));
    expect(() => verify('tampered.xml')).to.throw();
  });

  it('is read by samlify as an IdP with the signed-request expectation and NameID formats it states', async () => {
    samlify.setSchemaValidator({ validate: async () => 'skipped (schema validation is out of scope for this check)' });
    const idp = samlify.IdentityProvider({ metadata: await metadata('?signed=1') });
    expect(idp.entityMeta.isWantAuthnRequestsSigned()).to.equal(false);
    expect(idp.entityMeta.getNameIDFormat()).to.include(NAMEID_FORMAT.persistent);
  });
});
