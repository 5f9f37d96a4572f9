// "Save and check configuration" over real HTTP against a real IdP: the SP page fetches the IdP's
// metadata (remote sign-in URL + /metadata) and reports each check.
import { expect } from 'chai';
import { HttpBrowser, readForms } from './support/http-browser.js';
import { type Stack, startStack } from './support/stack.js';

describe('SSO configuration check against a real IdP (HTTP)', function () {
  this.timeout(30_000);
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => stack?.stop());

  async function saveAndCheck(overrides: Record<string, string>) {
    const b = new HttpBrowser();
    const signIn = await b.navigate('GET', `${stack.spUrl}/`);
    const login = readForms(signIn).find((f) => f.action.endsWith('/index/login'));
    if (!login) throw new Error('no sign-in form');
    await b.navigate('POST', login.action, { ...login.fields, login: stack.sp.config.adminUser, password: stack.sp.config.adminPassword });
    const settings = await b.navigate('GET', `${stack.spUrl}/account/users/sso`);
    const form = readForms(settings).find((f) => f.action.endsWith('/account/users/sso'));
    if (!form) throw new Error('no SSO settings form');
    const current = await stack.sp.services.sso.getSettings('localhost');
    const page = await b.navigate('POST', form.action, {
      _csrf: form.fields._csrf ?? '',
      integrationType: 'saml2',
      idpEntityId: current.idpEntityId,
      certificateFingerprints: current.certificateFingerprints.join('\n'),
      remoteSignInUrl: current.remoteSignInUrl,
      remoteSignOutUrl: current.remoteSignOutUrl,
      attr_targetedId: 'Username',
      attr_firstName: 'FirstName',
      attr_lastName: 'LastName',
      attr_email: 'Email',
      allowUnsolicited: 'on',
      check: '1',
      ...overrides,
    });
    const checks = Object.fromEntries([...page.body.matchAll(/data-check="([^"]+)" data-status="([^"]+)"/g)].map((m) => [m[1], m[2]]));
    return { page, checks };
  }

  it('reports every check ok for the settings wired by the demo', async () => {
    const { page, checks } = await saveAndCheck({});
    expect(page.status).to.equal(200);
    expect(page.body).to.contain('data-ok="true"');
    expect(checks).to.deep.equal({
      metadata: 'ok',
      'entity-id': 'ok',
      certificate: 'ok',
      'sign-in-url': 'ok',
      'certificate-validity': 'ok',
    });
  });

  it("names the IdP's real entity ID and SHA-1 when both are wrong", async () => {
    const { page, checks } = await saveAndCheck({ idpEntityId: 'https://wrong.example.test/', certificateFingerprints: 'AA'.repeat(20) });
    expect(page.body).to.contain('data-ok="false"');
    expect(checks).to.include({ metadata: 'ok', 'entity-id': 'problem', certificate: 'problem' });
    expect(page.body).to.contain(stack.idp.signing.fingerprints.sha1);
  });

  it('reports a metadata URL that answers 404', async () => {
    const { checks, page } = await saveAndCheck({ idpMetadataUrl: `${stack.idpUrl}/saml2/no-such-app/metadata` });
    expect(checks).to.deep.equal({ metadata: 'problem' });
    expect(page.body).to.contain('HTTP 404');
  });
});
