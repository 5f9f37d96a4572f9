// Encrypted assertions between our two apps (saml-core §2.3.4): the admin turns on "Encrypt assertion" with the
// certificate from the SP's metadata; the IdP signs, then encrypts; the SP decrypts and signs the person in.
// On SQLite files and on PostgreSQL.

import { testDatabaseServer } from '@samlbridge/test-support';
import { expect } from 'chai';
import { HttpBrowser } from './support/http-browser.js';
import { samlPostForm } from './support/saml-form.js';
import { signInAtIdp, stackFixture } from './support/stack-fixture.js';

for (const engine of ['SQLite', 'PostgreSQL'] as const) {
  describe(`Encrypted assertions, IdP → SP (${engine})`, function () {
    this.timeout(60_000);
    const stack = stackFixture('enc', engine === 'PostgreSQL' ? () => testDatabaseServer() : undefined);

    const api = () => ({ 'x-api-key': stack.idp.config.adminApiKey, 'content-type': 'application/json' });
    async function appId(): Promise<string> {
      const list = (await (await fetch(`${stack.idpUrl}/api/applications`, { headers: api() })).json()) as {
        items: { id: string; name: string }[];
      };
      return list.items.find((a) => a.name === stack.appName)?.id as string;
    }
    async function spEncryptionCertificate(): Promise<string> {
      const metadata = await (await fetch(`${stack.spUrl}/simplesaml/module.php/saml/sp/metadata.php/localhost`)).text();
      const body = /<md:KeyDescriptor use="encryption">[\s\S]*?<ds:X509Certificate>([^<]+)</.exec(metadata)?.[1] as string;
      return `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`;
    }
    async function launch(): Promise<{ xml: string; home: { status: number; url: string }; browser: HttpBrowser }> {
      const browser = new HttpBrowser();
      const login = await browser.get(`${stack.idpUrl}/saml2/${stack.appName}`);
      const post = samlPostForm(await signInAtIdp(stack, browser, login));
      return { xml: post.xml, home: await browser.submit(post), browser };
    }

    it('encrypts the signed assertion with the certificate from the SP metadata, and the SP signs the user in', async () => {
      const id = await appId();
      const put = await fetch(`${stack.idpUrl}/api/applications/${id}/assertion-encryption`, {
        method: 'PUT',
        headers: api(),
        body: JSON.stringify({ encryptAssertion: true, spEncryptionCertificatePem: await spEncryptionCertificate() }),
      });
      expect(put.status, await put.clone().text()).to.equal(200);
      expect(await put.json()).to.include({ encryptAssertion: true, blockEncryption: 'aes256-gcm', keyTransport: 'rsa-oaep-mgf1p' });
      const stored = (await (await fetch(`${stack.idpUrl}/api/applications/${id}/assertion-encryption`, { headers: api() })).json()) as {
        encryptAssertion: boolean;
      };
      expect(stored.encryptAssertion).to.equal(true);

      await stack.sp.services.sso.updateSettings('default', { requireEncryptedAssertions: true });
      const { xml, home, browser } = await launch();
      expect(xml).to.include('<saml:EncryptedAssertion');
      expect(xml).to.include('http://www.w3.org/2009/xmlenc11#aes256-gcm');
      expect(xml).not.to.include(stack.demo.username);
      expect(home.status).to.equal(200);
      const session = await browser.request('GET', `${stack.spUrl}/api/session`);
      expect(JSON.parse(session.body)).to.include({ login: stack.demo.username, signedInVia: 'sso' });
    });

    it('refuses an SP certificate that is not a readable X.509 certificate, with a message naming the field', async () => {
      const res = await fetch(`${stack.idpUrl}/api/applications/${await appId()}/assertion-encryption`, {
        method: 'PUT',
        headers: api(),
        body: JSON.stringify({
          encryptAssertion: true,
          spEncryptionCertificatePem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
        }),
      });
      expect(res.status).to.equal(400);
      expect(JSON.stringify(await res.json())).to.include('spEncryptionCertificatePem');
    });
  });
}
