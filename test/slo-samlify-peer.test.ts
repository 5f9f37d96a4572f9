// samlify (an independent SAML library) as a Single Logout peer of our IdP (saml-profiles §4.4, saml-bindings §3.4
// HTTP-Redirect with its query signature), configured from our IdP metadata: SP-initiated (samlify's signed
// LogoutRequest ends the IdP session; samlify verifies our signed LogoutResponse) and IdP-initiated (samlify reads
// our LogoutRequest and its LogoutResponse completes the chain at the user console).

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateSigningMaterial } from '@samlbridge/certs';
import { expect } from 'chai';
import * as samlify from 'samlify';
import { demoApplicationId } from './support/demo-application.js';
import { type HttpBrowser, onlyForm } from './support/http-browser.js';
import { type Stack, startStack } from './support/stack.js';
import { signedInAtIdp } from './support/stack-fixture.js';

const REDIRECT = samlify.Constants.namespace.binding.redirect;

/** The signed part of a Redirect-binding URL exactly as sent (saml-bindings §3.4.4.1), as samlify wants it. */
function redirectRequest(url: string): { query: Record<string, string>; octetString: string } {
  const raw = new URL(url).search.slice(1);
  const query = Object.fromEntries(new URLSearchParams(raw));
  const octetString = raw
    .split('&')
    .filter((p) => !p.startsWith('Signature='))
    .join('&');
  return { query, octetString };
}

describe('Single Logout with samlify as the SP peer', () => {
  let stack: Stack;
  let appId: string;
  let idpSlo: string;
  /** Stands for samlify's SLO URL (the IdP checks a participant's SLO URL answers before sending the browser there). */
  let peer: Server;
  let peerSlo: string;
  let idp: ReturnType<typeof samlify.IdentityProvider>;
  let sp: ReturnType<typeof samlify.ServiceProvider>;

  before(async () => {
    samlify.setSchemaValidator({ validate: async () => 'skipped (schema validation is out of scope for this check)' });
    stack = await startStack();
    appId = await demoApplicationId(stack);
    idpSlo = `${stack.idpUrl}/saml2/${stack.appName}/slo`;
    peer = createServer((_req, res) => res.end('samlify SP'));
    await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
    peerSlo = `http://127.0.0.1:${(peer.address() as AddressInfo).port}/slo`;
    const key = await generateSigningMaterial({ commonName: 'samlify-sp' });
    // samlify takes the place of the demo application (same entity ID); the IdP knows its certificate and SLO URL.
    await stack.idp.store.requestSigning.put(
      appId,
      { requireSignedRequests: true, spCertificatePem: key.certificatePem, allowSha1: false },
      new Date(),
    );
    await stack.idp.store.singleLogout.putSettings(appId, { sloUrl: peerSlo, sloResponseUrl: '', binding: 'redirect' }, new Date());
    const metadata = await (await fetch(`${stack.idpUrl}/saml2/${stack.appName}/metadata`)).text();
    idp = samlify.IdentityProvider({ metadata, wantLogoutRequestSigned: true, wantLogoutResponseSigned: true });
    sp = samlify.ServiceProvider({
      entityID: new URL(stack.spUrl).hostname,
      privateKey: key.privateKeyPem,
      signingCert: key.certificatePem,
      wantAssertionsSigned: true,
      wantLogoutRequestSigned: true,
      wantLogoutResponseSigned: true,
      requestSignatureAlgorithm: samlify.Constants.algorithms.signature.RSA_SHA256,
      assertionConsumerService: [{ Binding: samlify.Constants.namespace.binding.post, Location: stack.spAcsUrl }],
      singleLogoutService: [{ Binding: REDIRECT, Location: peerSlo }],
    });
  });
  after(async () => {
    await stack?.stop();
    await new Promise((resolve) => peer?.close(resolve));
  });

  /** Signs in at the IdP and launches the application: samlify reads the Response (NameID, SessionIndex). */
  async function signedIn(): Promise<{ browser: HttpBrowser; nameId: string; format: string; sessionIndex: string }> {
    const { browser, post } = await signedInAtIdp(stack);
    const { extract } = await sp.parseLoginResponse(idp, 'post', { body: { SAMLResponse: post.fields.SAMLResponse } });
    const format = /<saml:NameID[^>]*Format="([^"]+)"/.exec(post.xml)?.[1] ?? '';
    return { browser, nameId: String(extract.nameID), format, sessionIndex: String(extract.sessionIndex?.sessionIndex) };
  }

  it("SP-initiated: samlify's signed LogoutRequest ends the IdP session and samlify verifies our signed Success LogoutResponse", async () => {
    const { browser, nameId, format, sessionIndex } = await signedIn();
    sp.entitySetting.nameIDFormat = [format];
    const { id, context } = sp.createLogoutRequest(idp, 'redirect', { logoutNameID: nameId, sessionIndex }) as {
      id: string;
      context: string;
    };
    expect(context.startsWith(`${idpSlo}?SAMLRequest=`), context).to.equal(true);
    const answer = await browser.request('GET', context);
    expect(answer.status, answer.body.slice(0, 300)).to.equal(302);
    const back = answer.headers.get('location') ?? '';
    expect(back.startsWith(`${peerSlo}?SAMLResponse=`), back).to.equal(true);
    const { extract } = await sp.parseLogoutResponse(idp, 'redirect', redirectRequest(back));
    expect(extract.response?.inResponseTo).to.equal(id);
    // samlify's parse itself refuses any top-level status other than Success (ERR_FAILED_STATUS).
    expect(extract.response?.destination).to.equal(peerSlo);
    expect(extract.issuer).to.equal(idp.entityMeta.getEntityID());
    expect((await browser.request('GET', `${stack.idpUrl}/userconsole/`)).status).to.not.equal(200);
  });

  it('IdP-initiated: samlify verifies our signed LogoutRequest and its signed LogoutResponse completes the console sign-out', async () => {
    const { browser, nameId, sessionIndex } = await signedIn();
    const console = await browser.get(`${stack.idpUrl}/userconsole/`);
    const signOut = onlyForm(console, (f) => f.action.endsWith('/logout'));
    const first = await browser.request('POST', signOut.action, signOut.fields);
    const toPeer = first.headers.get('location') ?? '';
    expect(toPeer.startsWith(`${peerSlo}?SAMLRequest=`), toPeer).to.equal(true);
    const request = await sp.parseLogoutRequest(idp, 'redirect', redirectRequest(toPeer));
    expect(request.extract.nameID).to.equal(nameId);
    expect(request.extract.sessionIndex).to.equal(sessionIndex);
    const { context } = sp.createLogoutResponse(
      idp,
      request as unknown as Parameters<typeof sp.createLogoutResponse>[1],
      'redirect',
      '',
    ) as { context: string };
    expect(context.startsWith(`${idpSlo}?SAMLResponse=`), context).to.equal(true);
    const done = await browser.navigate('GET', context);
    expect(new URL(done.url).pathname).to.equal('/logout/done');
    expect(done.body).to.contain(`data-app="${stack.appName}" data-outcome="confirmed"`);
    expect(done.body).to.contain('data-logout="complete"');
  });
});
