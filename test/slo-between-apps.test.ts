// SAML Single Logout between our two apps over real HTTP (saml-profiles §4.4): SP-initiated at the LMS, IdP-initiated
// at the user console, a participant that is down, one that never answers, and refusals. On SQLite files and on
// PostgreSQL.

import { loadOrCreateKeyPair } from '@samlbridge/certs';
import {
  buildLogoutRequest,
  decodePost,
  decodeRedirect,
  encodeRedirect,
  newSamlId,
  parseLogoutRequest,
  parseLogoutResponse,
  signRedirectQuery,
  statusName,
} from '@samlbridge/protocol';
import { testDatabaseServer } from '@samlbridge/test-support';
import { expect } from 'chai';
import { demoApplicationId, spSingleLogoutUrl } from './support/demo-application.js';
import { HttpBrowser, onlyForm } from './support/http-browser.js';
import { freePort } from './support/stack.js';
import { signedInAtBoth, stackFixture } from './support/stack-fixture.js';

for (const engine of ['SQLite', 'PostgreSQL'] as const) {
  describe(`Single Logout between the IdP and the TalentLMS-like SP (${engine})`, function () {
    this.timeout(60_000);
    const stack = stackFixture('slo', engine === 'PostgreSQL' ? () => testDatabaseServer() : undefined);
    let appId: string;
    let spSlo: string;
    let idpSlo: string;

    before(async () => {
      appId = await demoApplicationId(stack);
      spSlo = spSingleLogoutUrl(stack);
      idpSlo = `${stack.idpUrl}/saml2/${stack.appName}/slo`;
      const spKey = await loadOrCreateKeyPair(stack.sp.config.dataDir, 'sp-signing', { commonName: 'localhost' });
      await stack.idp.store.requestSigning.put(
        appId,
        { requireSignedRequests: false, spCertificatePem: spKey.certificatePem, allowSha1: false },
        new Date(),
      );
      await stack.sp.services.sso.updateSettings('default', { useSamlSingleLogout: true, idpSingleLogoutUrl: idpSlo });
    });

    beforeEach(async () => {
      // HTTP-POST: the SP trusts the IdP by fingerprint, which only an embedded certificate can match.
      await stack.idp.store.singleLogout.putSettings(appId, { sloUrl: spSlo, sloResponseUrl: '', binding: 'post' }, new Date());
    });

    /** Signs in at the IdP and launches the TalentLMS tile (IdP-initiated SSO): both sessions exist. */
    const signedInBoth = () => signedInAtBoth(stack);

    async function spSignedIn(browser: HttpBrowser): Promise<boolean> {
      return (await browser.request('GET', `${stack.spUrl}/api/session`)).status === 200;
    }
    async function idpSignedIn(browser: HttpBrowser): Promise<boolean> {
      return (await browser.request('GET', `${stack.idpUrl}/userconsole/`)).status === 200;
    }
    async function consoleSignOut(browser: HttpBrowser) {
      const page = await browser.get(`${stack.idpUrl}/userconsole/`);
      const form = onlyForm(page, (f) => f.action.endsWith('/logout'));
      return browser.request('POST', form.action, form.fields);
    }

    /** Goes on from a page that is either a redirect or an auto-posting SAML form (as a browser with JS would). */
    function follow(browser: HttpBrowser, page: { status: number; url: string; headers: Headers; body: string }) {
      if (page.status >= 300 && page.status < 400)
        return browser.navigate('GET', new URL(page.headers.get('location') ?? '', page.url).toString());
      return browser.submit(onlyForm(page as never));
    }

    it('SP-initiated: signing out at the LMS ends the IdP session and comes back with a Success LogoutResponse', async () => {
      const browser = await signedInBoth();
      const start = await browser.request('GET', `${stack.spUrl}/index/logout`);
      const toIdp = new URL(start.headers.get('location') ?? '');
      expect(`${toIdp.origin}${toIdp.pathname}`).to.equal(idpSlo);
      expect(toIdp.searchParams.get('Signature')).to.be.a('string');
      const request = parseLogoutRequest(decodeRedirect(toIdp.searchParams.get('SAMLRequest') ?? ''));
      const answer = await browser.request('GET', toIdp.toString());
      const form = onlyForm(answer);
      expect(form.action).to.equal(spSlo);
      expect(answer.body).to.not.match(/<script>/);
      expect(answer.body).to.contain('press Continue to finish signing out.');
      const response = parseLogoutResponse(decodePost(form.fields.SAMLResponse ?? ''));
      expect(response.inResponseTo).to.equal(request.id);
      expect(statusName(response.status.code)).to.equal('Success');
      const end = await browser.request('POST', form.action, form.fields);
      expect(end.status).to.equal(302);
      expect(await idpSignedIn(browser)).to.equal(false);
      expect(await spSignedIn(browser)).to.equal(false);
    });

    it("importing the LMS's SP metadata sets the application's SLO endpoint and signing certificate: SP-initiated logout then succeeds", async () => {
      await stack.idp.store.singleLogout.putSettings(appId, { sloUrl: '', sloResponseUrl: '', binding: 'redirect' }, new Date());
      const host = new URL(stack.spUrl).hostname;
      const imported = await fetch(`${stack.idpUrl}/api/applications/${appId}/metadata-import`, {
        method: 'POST',
        headers: { 'x-api-key': stack.idp.config.adminApiKey, 'content-type': 'application/json' },
        body: JSON.stringify({ url: `${stack.spUrl}/simplesaml/module.php/saml/sp/metadata.php/${host}` }),
      });
      expect(imported.status, await imported.clone().text()).to.equal(200);
      expect(await stack.idp.store.singleLogout.getSettings(appId)).to.deep.equal({ sloUrl: spSlo, sloResponseUrl: '', binding: 'post' });
      const browser = await signedInBoth();
      const toIdp = (await browser.request('GET', `${stack.spUrl}/index/logout`)).headers.get('location') ?? '';
      const form = onlyForm(await browser.request('GET', toIdp));
      expect(statusName(parseLogoutResponse(decodePost(form.fields.SAMLResponse ?? '')).status.code)).to.equal('Success');
      expect((await browser.request('POST', form.action, form.fields)).status).to.equal(302);
      expect(await spSignedIn(browser)).to.equal(false);
    });

    it('IdP-initiated: "Sign out" at the user console logs the LMS out and shows that it confirmed', async () => {
      const browser = await signedInBoth();
      const first = await consoleSignOut(browser);
      const done = await follow(browser, first);
      expect(new URL(done.url).pathname).to.equal('/logout/done');
      expect(done.body).to.contain(`data-app="${stack.appName}" data-outcome="confirmed"`);
      expect(done.body).to.contain('data-logout="complete"');
      expect(await spSignedIn(browser)).to.equal(false);
      expect(await idpSignedIn(browser)).to.equal(false);
    });

    it("the LMS acts on the IdP's LogoutRequest once: the same message delivered again is refused (400) and ends nothing", async () => {
      const browser = await signedInBoth();
      const toSp = onlyForm((await consoleSignOut(browser)) as never);
      expect(toSp.action).to.equal(spSlo);
      expect((await browser.request('POST', toSp.action, toSp.fields)).status).to.equal(302);
      const someoneElse = await signedInBoth();
      const replayed = await someoneElse.request('POST', toSp.action, toSp.fields);
      expect(replayed.status).to.equal(400);
      expect(replayed.body).to.contain('This LogoutRequest was already used');
      expect(await spSignedIn(someoneElse)).to.equal(true);
    });

    it('goes on without a participant whose SLO URL is down and reports it as not confirmed', async () => {
      const browser = await signedInBoth();
      const closed = await freePort();
      await stack.idp.store.singleLogout.putSettings(
        appId,
        { sloUrl: `http://127.0.0.1:${closed}/slo`, sloResponseUrl: '', binding: 'redirect' },
        new Date(),
      );
      const first = await consoleSignOut(browser);
      const done = await follow(browser, first);
      expect(done.body).to.contain(`data-app="${stack.appName}" data-outcome="unreachable"`);
      expect(done.body).to.contain('data-logout="partial"');
      expect(await idpSignedIn(browser)).to.equal(false);
    });

    it('gives up on a participant that never answers once the timeout has passed on the IdP clock', async () => {
      const browser = await signedInBoth();
      // The IdP itself accepts the connection but never sends a LogoutResponse from this URL.
      await stack.idp.store.singleLogout.putSettings(
        appId,
        { sloUrl: `${stack.idpUrl}/healthz`, sloResponseUrl: '', binding: 'redirect' },
        new Date(),
      );
      const first = await consoleSignOut(browser);
      expect(first.headers.get('location')).to.contain('/healthz?SAMLRequest=');
      const waiting = await browser.request('GET', `${stack.idpUrl}/logout/continue`);
      expect(waiting.status).to.equal(200);
      expect(waiting.body).to.contain('Waiting for');
      stack.idpClock.advance(stack.idp.config.sloParticipantTimeoutSeconds * 1000);
      const after = await browser.navigate('GET', `${stack.idpUrl}/logout/continue`);
      expect(after.body).to.contain(`data-app="${stack.appName}" data-outcome="timeout"`);
    });

    /**
     * The IdP's SLO URL carrying a LogoutRequest from the SP for `nameId` (HTTP-Redirect), signed with the SP's
     * signing key unless another key is given.
     */
    async function logoutRequestUrl(
      nameId: string,
      { sessionIndexes, privateKeyPem }: { sessionIndexes?: string[]; privateKeyPem?: string } = {},
    ) {
      const key =
        privateKeyPem ?? (await loadOrCreateKeyPair(stack.sp.config.dataDir, 'sp-signing', { commonName: 'localhost' })).privateKeyPem;
      const xml = buildLogoutRequest({
        id: newSamlId(),
        issueInstant: new Date(),
        issuer: new URL(stack.spUrl).hostname,
        destination: idpSlo,
        nameId: { value: nameId },
        ...(sessionIndexes ? { sessionIndexes } : {}),
      });
      return `${idpSlo}?${signRedirectQuery({ SAMLRequest: encodeRedirect(xml), privateKeyPem: key })}`;
    }

    it('answers a LogoutRequest for a session it does not know with Requester / UnknownPrincipal', async () => {
      const answer = await new HttpBrowser().request('GET', await logoutRequestUrl('nobody', { sessionIndexes: ['_unknown'] }));
      const response = parseLogoutResponse(decodePost(onlyForm(answer).fields.SAMLResponse ?? ''));
      expect(statusName(response.status.subCode)).to.equal('UnknownPrincipal');
    });

    it('refuses a LogoutRequest whose signature does not verify with the application certificate (error page, no 500)', async () => {
      const other = await loadOrCreateKeyPair(`${stack.sp.config.dataDir}/other`, 'other', { commonName: 'other' });
      const page = await new HttpBrowser().request(
        'GET',
        await logoutRequestUrl(stack.demo.username, { privateKeyPem: other.privateKeyPem }),
      );
      expect(page.status).to.equal(403);
      expect(page.body).to.contain('logout_signature_invalid');
    });

    it('refuses a replayed LogoutRequest ID', async () => {
      const url = await logoutRequestUrl('nobody');
      expect((await new HttpBrowser().request('GET', url)).body).to.contain('SAMLResponse');
      const again = await new HttpBrowser().request('GET', url);
      expect(again.status).to.equal(409);
      expect(again.body).to.contain('logout_replayed');
    });
  });
}
