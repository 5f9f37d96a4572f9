// AuthnContext that tells the truth, and RequestedAuthnContext honoured (saml-core §3.3.2.2.1): node-saml as the SP
// asks for the REFEDS MFA profile; the IdP steps up in the running session, answers NoAuthnContext when it cannot,
// re-runs the factor on ForceAuthn, and never prompts on IsPassive.

import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { NS } from '@samlbridge/protocol';
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import type { Client } from '../../helpers/client.js';
import { SP_ACS, SP_ENTITY_ID, startIdp } from '../../helpers/harness.js';
import { inputValue } from '../../helpers/html.js';
import { authnRequest, decodeSamlResponse, first, redirectQuery, statusCodes } from '../../helpers/saml.js';
import { enrolFromSecurityPage, mfaStep, password, postStep, TestClock, totpCode } from './support.js';

const REFEDS_MFA = 'https://refeds.org/profile/mfa';
const PASSWORD = 'urn:oasis:names:tc:SAML:2.0:ac:classes:Password';
const PPT = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';
const STATUS = 'urn:oasis:names:tc:SAML:2.0:status:';

describe('AuthnContext and RequestedAuthnContext with a second factor', function () {
  this.timeout(20000);
  const h = suiteFixture(() => startIdp({}, { clock }));
  const clock = new TestClock();
  let n = 0;

  function sp(options: { authnContext?: string[]; racComparison?: 'exact' | 'minimum'; forceAuthn?: boolean; passive?: boolean } = {}) {
    return new SAML({
      entryPoint: `${h.url}/saml2/talentlms`,
      issuer: SP_ENTITY_ID,
      audience: SP_ENTITY_ID,
      callbackUrl: SP_ACS,
      idpCert: h.idp.signing.certificatePem,
      wantAuthnResponseSigned: false,
      validateInResponseTo: ValidateInResponseTo.never,
      authnContext: options.authnContext ?? [REFEDS_MFA],
      racComparison: options.racComparison ?? 'minimum',
      forceAuthn: options.forceAuthn ?? false,
      passive: options.passive ?? false,
      // node-saml asks for emailAddress by default; the assertions below compare the configured NameID (username).
      identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
    });
  }

  /** The SP's AuthnRequest (HTTP-Redirect) sent by the browser: the IdP's first answer. */
  async function start(client: Client, saml: SAML): Promise<Response> {
    const url = new URL(await saml.getAuthorizeUrlAsync('', undefined, {}));
    return client.get(`${url.pathname}${url.search}`);
  }

  function samlResponseOf(body: string): { xml: string; b64: string } {
    const b64 = inputValue(body, 'SAMLResponse') ?? '';
    expect(b64, 'an auto-posting SAMLResponse form').not.to.equal('');
    return { b64, xml: decodeSamlResponse(b64) };
  }

  const classRef = (xml: string) => first(xml, NS.assertion, 'AuthnContextClassRef')?.textContent;

  async function newUser(): Promise<{ username: string; id: string }> {
    n += 1;
    const username = `ctx.user${n}`;
    const user = await h.idp.services.directory.createUser({ username, email: `${username}@example.com`, password: 'long-password-1' });
    const app = await h.idp.store.applications.findByName('talentlms');
    for (const g of await h.idp.store.applications.listBoundGroupIds(app?.id ?? '')) await h.idp.store.groups.addMember(g, user.id);
    return { username, id: user.id };
  }

  async function signedIn(username: string): Promise<Client> {
    const client = h.client();
    const res = await password(client, '/login?next=/userconsole/', username, 'long-password-1');
    expect(res.headers.get('location')).to.equal('/userconsole/');
    return client;
  }

  /** Browser A signs in with a password only; then the person adds a TOTP app in browser B. */
  async function passwordSessionOfEnrolledUser() {
    const { username } = await newUser();
    const a = await signedIn(username);
    const b = await signedIn(username);
    const { secret } = await enrolFromSecurityPage(b, clock);
    clock.nextStep();
    return { username, a, secret };
  }

  it('states Password (plain http) for a password alone, and node-saml accepts it', async () => {
    const { username } = await newUser();
    const client = await signedIn(username);
    const res = await start(client, sp({ authnContext: [PASSWORD], racComparison: 'exact' }));
    const { xml, b64 } = samlResponseOf(await res.text());
    expect(classRef(xml)).to.equal(PASSWORD);
    const { profile } = await sp({ authnContext: [PASSWORD] }).validatePostResponseAsync({ SAMLResponse: b64 });
    expect(profile?.nameID).to.equal(username);
  });

  it('steps up in the running session when the SP asks for REFEDS MFA, then states the REFEDS class', async () => {
    const { a, secret } = await passwordSessionOfEnrolledUser();
    const res = await start(a, sp());
    expect(res.status).to.equal(302);
    const prompt = res.headers.get('location') ?? '';
    expect(prompt).to.match(/^\/login\/mfa\?flow=/);
    const done = await mfaStep(a, prompt, { step: 'verify', code: totpCode(secret, clock.now()) });
    expect(done.status).to.equal(200);
    const { xml, b64 } = samlResponseOf(await done.text());
    expect(classRef(xml)).to.equal(REFEDS_MFA);
    await sp().validatePostResponseAsync({ SAMLResponse: b64 });
    // The same session now serves MFA requests without asking again.
    const again = await start(a, sp());
    expect(classRef(samlResponseOf(await again.text()).xml)).to.equal(REFEDS_MFA);
  });

  it('keeps the SessionIndex of the session through the step-up', async () => {
    const { a, secret } = await passwordSessionOfEnrolledUser();
    const before = samlResponseOf(await (await start(a, sp({ authnContext: [PASSWORD], racComparison: 'exact' }))).text()).xml;
    const prompt = (await start(a, sp())).headers.get('location') ?? '';
    const after = samlResponseOf(await (await mfaStep(a, prompt, { step: 'verify', code: totpCode(secret, clock.now()) })).text()).xml;
    const index = (xml: string) => first(xml, NS.assertion, 'AuthnStatement')?.getAttribute('SessionIndex');
    expect(index(after)).to.equal(index(before));
  });

  it('answers an exact request for Password with Password even after a second factor (the class requested and true)', async () => {
    const { a, secret } = await passwordSessionOfEnrolledUser();
    const prompt = (await start(a, sp())).headers.get('location') ?? '';
    await mfaStep(a, prompt, { step: 'verify', code: totpCode(secret, clock.now()) });
    const res = await start(a, sp({ authnContext: [PASSWORD], racComparison: 'exact' }));
    expect(classRef(samlResponseOf(await res.text()).xml)).to.equal(PASSWORD);
  });

  it('asks an enrolled person without a session for password then code, and states REFEDS MFA', async () => {
    const { username, secret } = await passwordSessionOfEnrolledUser();
    const client = h.client();
    const login = await start(client, sp());
    const afterPassword = await password(client, login.headers.get('location') ?? '', username, 'long-password-1');
    expect(afterPassword.headers.get('location')).to.match(/^\/login\/mfa\?flow=/);
    const done = await mfaStep(client, afterPassword.headers.get('location') ?? '', {
      step: 'verify',
      code: totpCode(secret, clock.now()),
    });
    expect(classRef(samlResponseOf(await done.text()).xml)).to.equal(REFEDS_MFA);
  });

  it('answers Responder/NoAuthnContext when the person has no factor and may not enrol now', async () => {
    const { username } = await newUser();
    const client = await signedIn(username);
    const res = await start(client, sp());
    expect(res.status).to.equal(200);
    const { xml } = samlResponseOf(await res.text());
    expect(statusCodes(xml)).to.deep.equal([`${STATUS}Responder`, `${STATUS}NoAuthnContext`]);
    expect(first(xml, NS.assertion, 'Assertion')).to.equal(undefined);
    // After a password at the login form too.
    const fresh = h.client();
    const login = await start(fresh, sp());
    const afterPassword = await password(fresh, login.headers.get('location') ?? '', username, 'long-password-1');
    expect(statusCodes(samlResponseOf(await afterPassword.text()).xml)).to.deep.equal([`${STATUS}Responder`, `${STATUS}NoAuthnContext`]);
  });

  it('answers NoAuthnContext to an exact request for PasswordProtectedTransport on plain http', async () => {
    const { username } = await newUser();
    const client = await signedIn(username);
    const res = await start(client, sp({ authnContext: [PPT], racComparison: 'exact' }));
    expect(statusCodes(samlResponseOf(await res.text()).xml)).to.deep.equal([`${STATUS}Responder`, `${STATUS}NoAuthnContext`]);
  });

  it('leads a person whom the policy requires to use MFA through enrolment when the SP asks for it', async () => {
    const { username, id } = await newUser();
    await h.idp.mfa.setRule('user', id, true);
    const client = h.client();
    const login = await start(client, sp());
    const afterPassword = await password(client, login.headers.get('location') ?? '', username, 'long-password-1');
    const prompt = afterPassword.headers.get('location') ?? '';
    const page = await (await client.get(prompt)).text();
    expect(page).to.contain('Set up an authenticator app');
    const secret = /data-totp-secret>([A-Z2-7]+)</.exec(page)?.[1] ?? '';
    const codes = await (await mfaStep(client, prompt, { step: 'enrol', code: totpCode(secret, clock.now()) })).text();
    expect(codes).to.contain('Your recovery codes');
    const done = await postStep(client, codes, { step: 'continue' });
    expect(classRef(samlResponseOf(await done.text()).xml)).to.equal(REFEDS_MFA);
  });

  it('re-runs password and code on ForceAuthn, even in a session that has both', async () => {
    const { username, a, secret } = await passwordSessionOfEnrolledUser();
    const prompt = (await start(a, sp())).headers.get('location') ?? '';
    await mfaStep(a, prompt, { step: 'verify', code: totpCode(secret, clock.now()) });
    const forced = await start(a, sp({ forceAuthn: true, authnContext: [PASSWORD] }));
    expect(forced.headers.get('location')).to.match(/^\/login\?flow=/);
    const afterPassword = await password(a, forced.headers.get('location') ?? '', username, 'long-password-1');
    expect(afterPassword.headers.get('location')).to.match(/^\/login\/mfa\?flow=/);
    clock.nextStep();
    const done = await mfaStep(a, afterPassword.headers.get('location') ?? '', { step: 'verify', code: totpCode(secret, clock.now()) });
    expect(done.status).to.equal(200);
    expect(statusCodes(samlResponseOf(await done.text()).xml)).to.deep.equal([`${STATUS}Success`]);
  });

  it('answers NoPassive on IsPassive when a second factor would have to be asked for', async () => {
    const { a } = await passwordSessionOfEnrolledUser();
    const res = await start(a, sp({ passive: true }));
    expect(res.status).to.equal(200);
    expect(statusCodes(samlResponseOf(await res.text()).xml)).to.deep.equal([`${STATUS}Responder`, `${STATUS}NoPassive`]);
  });

  it('reads RequestedAuthnContext from the request as sent (our own builder, POST binding kept out)', async () => {
    const { username } = await newUser();
    const client = await signedIn(username);
    const { xml } = authnRequest({
      destination: `${h.url}/saml2/talentlms`,
      issuer: SP_ENTITY_ID,
      requestedAuthnContext: { comparison: 'minimum', classRefs: [PASSWORD], declRefs: [] },
    });
    const res = await client.get(`/saml2/talentlms?${redirectQuery(xml)}`);
    expect(classRef(samlResponseOf(await res.text()).xml)).to.equal(PASSWORD);
  });
});
