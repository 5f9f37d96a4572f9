// samlify as an independent IdP that encrypts its assertion for the key our SP publishes in its metadata.
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { before, describe, it } from 'mocha';
import * as samlify from 'samlify';
import { expectRejected } from '../helpers/expect-rejected.js';
import { IDP_ENTITY_ID, IDP_SSO_URL, sessionOf, startSp } from '../helpers/harness.js';
import { idpKeys } from '../helpers/keys.js';

samlify.setSchemaValidator({ validate: async () => 'skipped' });

const GCM = 'http://www.w3.org/2009/xmlenc11#aes256-gcm';
const CBC = 'http://www.w3.org/2001/04/xmlenc#aes256-cbc';

describe('samlify as an independent IdP encrypting the assertion', () => {
  const h = suiteFixture(() => startSp());
  before(async () => {
    h.clock.set(new Date()); // samlify stamps its Responses with the real time
  });

  async function issue(dataEncryptionAlgorithm: string): Promise<string> {
    const metadata = await (await h.get('/simplesaml/module.php/saml/sp/metadata.php/localhost')).text();
    // samlify reads the xmlenc algorithms at run time; its settings type does not declare them.
    const encryption = {
      isAssertionEncrypted: true,
      dataEncryptionAlgorithm,
      keyEncryptionAlgorithm: 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
    };
    const idp = samlify.IdentityProvider({
      ...(encryption as { isAssertionEncrypted: boolean }),
      entityID: IDP_ENTITY_ID,
      privateKey: idpKeys().privateKeyPem,
      signingCert: idpKeys().certificatePem,
      nameIDFormat: ['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'],
      singleSignOnService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', Location: IDP_SSO_URL }],
      singleLogoutService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', Location: `${IDP_SSO_URL}/slo` }],
    });
    const sp = samlify.ServiceProvider({ metadata: metadata.replace('WantAssertionsSigned="false"', 'WantAssertionsSigned="true"') });
    const { context } = await idp.createLoginResponse(sp, { extract: {} } as Parameters<typeof idp.createLoginResponse>[1], 'post', {
      email: 'enc@example.test',
    });
    return context;
  }

  it('accepts an AES-256-GCM EncryptedAssertion samlify wrote for the key in our metadata', async () => {
    const b64 = await issue(GCM);
    expect(Buffer.from(b64, 'base64').toString()).to.include('EncryptedAssertion');
    const { res, jar } = await h.postAcs(b64);
    expect(res.status).to.equal(303);
    expect(await sessionOf(h, jar)).to.include({ login: 'enc@example.test' });
  });

  it('refuses its AES-256-CBC EncryptedAssertion until CBC is allowed', async () => {
    await expectRejected(h, await h.postAcs(await issue(CBC)), 'decryption_failed');
    await h.sp.services.sso.updateSettings('default', { allowCbcEncryption: true });
    try {
      expect((await h.postAcs(await issue(CBC))).res.status).to.equal(303);
    } finally {
      await h.sp.services.sso.updateSettings('default', { allowCbcEncryption: false });
    }
  });
});
