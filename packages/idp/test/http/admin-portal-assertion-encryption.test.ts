// "Encrypt assertion" on the SSO tab: the fieldset, a save that encrypts the next launch, refusals shown at the field
// (nothing saved), GET /api/applications/{id} showing the setting, and the SP metadata import turning it on.
import { generateSigningMaterial } from '@samlbridge/certs';
import { BINDING, NS } from '@samlbridge/protocol';
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import type { ResolvedApplication } from '../../src/domain.js';
import { readSpCertificates } from '../../src/services/sp-certificates.js';
import { submit, submitPairs, submitRefused } from '../helpers/admin.js';
import { apiClient } from '../helpers/api.js';
import { DEMO_PASSWORD } from '../helpers/harness.js';
import { unescapeHtml } from '../helpers/html.js';
import { startPortal } from '../helpers/portal.js';
import { first } from '../helpers/saml.js';
import { ssoTabPairs } from '../helpers/sso-tab.js';

const spKey = generateSigningMaterial({ commonName: 'sp-encryption' });
const sha256Of = (pem: string) => {
  const read = readSpCertificates(pem);
  return read.ok ? (read.certificates[0]?.sha256 ?? '') : '';
};
const der = (pem: string) => pem.replace(/-----[A-Z ]+-----|\s+/g, '');

const ssoPairs = (app: ResolvedApplication, extra: [string, string][]) => ssoTabPairs(app, extra);

const encryption = (overrides: Record<string, string> = {}): [string, string][] =>
  Object.entries({
    assertionEncryptionShown: 'true',
    encryptAssertion: 'true',
    spEncryptionCertificatePem: spKey.certificatePem,
    blockEncryption: 'aes256-gcm',
    keyTransport: 'rsa-oaep-mgf1p',
    ...overrides,
  }).filter(([, v]) => v !== '');

function spMetadata(keyDescriptors: string): string {
  return `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="talentlms.test">
  <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${keyDescriptors}
    <md:AssertionConsumerService Binding="${BINDING.post}" Location="http://sp.test/acs" index="0"/>
    <md:AssertionConsumerService Binding="${BINDING.post}" Location="http://sp.test/acs-2" index="1"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>`;
}
const keyDescriptor = (use: string | undefined) =>
  `<md:KeyDescriptor${use ? ` use="${use}"` : ''}><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${der(spKey.certificatePem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;

describe('admin portal: "Encrypt assertion" on the SSO tab', () => {
  const p = suiteFixture(() => startPortal(), { each: true });

  const settings = () => p.h.idp.services.assertionEncryption.get(p.demoApp.id);

  it('shows the switch, the certificate field, the block cipher with CBC marked "for old SPs", and the key transport', async () => {
    const page = await (await p.admin.get(`/admin/applications/${p.demoApp.id}/sso`)).text();
    expect(page).to.contain('<fieldset id="assertion-encryption"><legend>Encrypted assertions</legend>');
    expect(page).to.match(/<input type="checkbox" id="encryptAssertion" name="encryptAssertion" value="true">/);
    expect(page).to.contain('<textarea id="spEncryptionCertificatePem" name="spEncryptionCertificatePem"');
    expect(page).to.contain('<option value="aes256-gcm" selected>AES-256-GCM (default)</option>');
    expect(page).to.contain('<option value="aes256-cbc">AES-256-CBC (for old SPs)</option>');
    expect(page).to.contain('<option value="aes128-cbc">AES-128-CBC (for old SPs)</option>');
    expect(page).to.contain('<option value="rsa-oaep-sha256">RSA-OAEP with SHA-256 (xmlenc 1.1)</option>');
  });

  it('saves the setting, shows it again with the certificate fingerprint, and encrypts the next launch', async () => {
    const { page } = await submitPairs(
      p.admin,
      `/admin/applications/${p.demoApp.id}/sso`,
      ssoPairs(p.demoApp, encryption({ blockEncryption: 'aes128-gcm', keyTransport: 'rsa-oaep-sha256' })),
      p.csrf,
    );
    expect(page).to.contain('SSO settings of');
    expect(await settings()).to.deep.equal({
      encryptAssertion: true,
      spEncryptionCertificatePem: spKey.certificatePem.trim(),
      blockEncryption: 'aes128-gcm',
      keyTransport: 'rsa-oaep-sha256',
    });
    const shown = await (await p.admin.get(`/admin/applications/${p.demoApp.id}/sso`)).text();
    expect(shown).to.match(/name="encryptAssertion" value="true" checked/);
    expect(shown).to.contain('<option value="aes128-gcm" selected>');
    expect(shown).to.contain(sha256Of(spKey.certificatePem));

    const launched = await p.launch(await p.userClient('demo.user', DEMO_PASSWORD), 'talentlms');
    expect(first(launched.xml ?? '', NS.assertion, 'EncryptedAssertion')).not.to.equal(undefined);
    expect(first(launched.xml ?? '', NS.assertion, 'Assertion')).to.equal(undefined);
  });

  it('refuses to encrypt without a certificate, at the certificate field, and saves none of the other changes', async () => {
    const pairs = ssoPairs(p.demoApp, encryption({ spEncryptionCertificatePem: '' })).map(([k, v]): [string, string] =>
      k === 'spEntityId' ? [k, 'changed.test'] : [k, v],
    );
    const { status, page } = await submitRefused(p.admin, `/admin/applications/${p.demoApp.id}/sso`, pairs, p.csrf);
    expect(status).to.equal(400);
    expect(unescapeHtml(page)).to.contain(
      'id="spEncryptionCertificatePem-error">SP encryption certificate: is required to encrypt assertions',
    );
    expect(page).to.match(/name="encryptAssertion" value="true" checked/);
    expect(page).to.contain('value="changed.test"');
    expect((await p.appByName('talentlms'))?.spEntityId).to.equal(p.demoApp.spEntityId);
    expect((await settings()).encryptAssertion).to.equal(false);
  });

  it('refuses text that is not one PEM certificate, keeping what was typed in the field', async () => {
    const { status, page } = await submitRefused(
      p.admin,
      `/admin/applications/${p.demoApp.id}/sso`,
      ssoPairs(p.demoApp, encryption({ spEncryptionCertificatePem: 'not a certificate' })),
      p.csrf,
    );
    expect(status).to.equal(400);
    expect(unescapeHtml(page)).to.contain(
      'id="spEncryptionCertificatePem-error">SP encryption certificate: must be exactly one PEM certificate',
    );
    expect(page).to.contain('>not a certificate</textarea>');
  });

  it('leaves the setting alone when a posted SSO form did not show the fieldset', async () => {
    await p.h.idp.services.assertionEncryption.update(p.demoApp.id, {
      encryptAssertion: true,
      spEncryptionCertificatePem: spKey.certificatePem,
    });
    await submitPairs(p.admin, `/admin/applications/${p.demoApp.id}/sso`, ssoPairs(p.demoApp, []), p.csrf);
    expect((await settings()).encryptAssertion).to.equal(true);
  });

  it('shows the setting in GET /api/applications/{id}', async () => {
    const api = apiClient(p.h);
    expect((await api('GET', `/applications/${p.demoApp.id}`)).body.assertionEncryption).to.deep.equal({
      encryptAssertion: false,
      spEncryptionCertificatePem: '',
      blockEncryption: 'aes256-gcm',
      keyTransport: 'rsa-oaep-mgf1p',
    });
    await api('PUT', `/applications/${p.demoApp.id}/assertion-encryption`, {
      encryptAssertion: true,
      spEncryptionCertificatePem: spKey.certificatePem,
      blockEncryption: 'aes256-cbc',
    });
    expect((await api('GET', `/applications/${p.demoApp.id}`)).body.assertionEncryption).to.include({
      encryptAssertion: true,
      blockEncryption: 'aes256-cbc',
    });
  });

  it('metadata import: previews "Encrypt assertion" and the certificate of a KeyDescriptor use="encryption", then saves them', async () => {
    const xml = spMetadata(keyDescriptor('encryption'));
    const preview = await p.admin.post(`/admin/applications/${p.demoApp.id}/metadata-import/preview`, { _csrf: p.csrf, xml });
    const page = await preview.text();
    expect(page).to.contain('<th scope="row">encryptAssertion</th><td><pre>false</pre></td><td><pre>true</pre></td>');
    expect(page).to.contain('<th scope="row">spEncryptionCertificatePem</th>');
    expect(page).to.contain(sha256Of(spKey.certificatePem));
    expect((await settings()).encryptAssertion).to.equal(false);

    const saved = await submit(p.admin, `/admin/applications/${p.demoApp.id}/metadata-import`, { xml, entityId: '' }, p.csrf);
    expect(saved.page).to.contain('2 fields changed');
    const after = await settings();
    expect(after.encryptAssertion).to.equal(true);
    expect(der(after.spEncryptionCertificatePem)).to.equal(der(spKey.certificatePem));
  });

  it('metadata import: a KeyDescriptor without use does not turn encryption on, and says so', async () => {
    const api = apiClient(p.h);
    const result = await api('POST', `/applications/${p.demoApp.id}/metadata-import`, { xml: spMetadata(keyDescriptor(undefined)) });
    expect(result.status).to.equal(200);
    expect(result.body.changes.map((c: { field: string }) => c.field)).not.to.include('encryptAssertion');
    expect(result.body.warnings.join('\n')).to.contain('KeyDescriptor without use="encryption"');
    expect((await settings()).encryptAssertion).to.equal(false);
  });
});
