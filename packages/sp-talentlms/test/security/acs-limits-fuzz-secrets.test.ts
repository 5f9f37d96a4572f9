// SP: ACS size limits (413 pages), HTTP fuzzing of the ACS (never a 5xx), secrets at rest.

import { createHash } from 'node:crypto';
import { encodePost } from '@samlbridge/protocol';
import { CookieJar, dumpSqlite, expectNo5xxToRandomPosts, suiteFixture } from '@samlbridge/test-support';
import { openSqlite } from '@samlbridge/web';
import { expect } from 'chai';
import fc from 'fast-check';
import { sqliteFileFor } from '../../src/config.js';
import { ACS_LIMITS } from '../../src/http/acs.js';
import { SESSION_COOKIE } from '../../src/index.js';
import { ACS_URL, ADMIN_KEY, startSp } from '../helpers/harness.js';
import { passwordSignIn } from './support.js';

describe('SP ACS limits, fuzzing and secrets at rest', () => {
  const h = suiteFixture(() => startSp({ config: { scimToken: 'sp-initial-scim-token-abcdef0123456789' } }));

  const tooLarge = async (res: Response, read?: string) => {
    expect(res.status).to.equal(413);
    expect(res.headers.get('content-type')).to.match(/^text\/html/);
    const body = read ?? (await res.text());
    expect(body).to.contain('message_too_large');
    expect(body).to.contain('too large');
  };
  const form = { 'content-type': 'application/x-www-form-urlencoded' };

  it('refuses a form over 384 KiB (declared or chunked) with a 413 page and no session', async () => {
    const big = new URLSearchParams({ SAMLResponse: 'A'.repeat(ACS_LIMITS.formBytes + 4) }).toString();
    const res = await fetch(ACS_URL.replace('http://localhost:5000', h.url), { method: 'POST', headers: form, body: big });
    expect(res.headers.get('set-cookie') ?? '').not.to.contain(SESSION_COOKIE);
    await tooLarge(res);
    const chunked = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    await tooLarge(
      await fetch(ACS_URL.replace('http://localhost:5000', h.url), {
        method: 'POST',
        headers: form,
        body: chunked,
        duplex: 'half',
      } as RequestInit),
    );
  });

  it('refuses a Response whose decoded XML is over 256 KiB with a 413 page', async () => {
    const xml = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">${' '.repeat(ACS_LIMITS.responseBytes)}</samlp:Response>`;
    const { res, body } = await h.postAcs(encodePost(xml));
    await tooLarge(res, body);
  });

  it('never answers 5xx to random ACS bodies, fields and content types (fast-check)', async () => {
    const acs = `${h.url}/simplesaml/module.php/saml/sp/saml2-acs.php/localhost`;
    const field = fc.constantFrom('SAMLResponse', 'RelayState', 'SAMLRequest', 'samlresponse', '_csrf');
    const value = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b).toString('base64')),
      fc.string({ maxLength: 400 }).map((s) => encodePost(s)),
      fc
        .string({ maxLength: 200 })
        .map((s) => encodePost(`<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="${s}"><x/></samlp:Response>`)),
      fc.constant(encodePost(h.responseXml()).slice(0, 500)),
    );
    await expectNo5xxToRandomPosts({
      urls: fc.constantFrom(acs, `${acs}?SAMLResponse=x`, `${h.url}/simplesaml/module.php/saml/sp/saml2-acs.php/other`),
      formFields: fc.array(fc.tuple(fc.oneof(field, fc.string({ maxLength: 8 })), value), { maxLength: 4 }),
      contentTypes: ['application/x-www-form-urlencoded', 'application/json', 'text/plain', 'multipart/form-data; boundary=z', ''],
      numRuns: 200,
    });
  });

  it('stores the SCIM token, passwords and session IDs only as hashes', async () => {
    const enabled = (await (await h.api('POST', '/api/admin/scim')).json()) as { apiKey: string };
    const jar = new CookieJar();
    expect((await passwordSignIn(h, jar, 'admin', 'admin-demo-password')).status).to.equal(303);
    const session = jar.get(SESSION_COOKIE) ?? '';
    expect(session).to.not.equal('');
    const dump = dumpSqlite(sqliteFileFor(h.sp.config), (file) => openSqlite(file, []));
    for (const secret of [enabled.apiKey, 'sp-initial-scim-token-abcdef0123456789', ADMIN_KEY, 'admin-demo-password', session]) {
      expect(dump, 'clear secret in the database').not.to.contain(secret);
    }
    expect(dump).to.contain(createHash('sha256').update(enabled.apiKey).digest('hex'));
    expect(dump).to.contain(createHash('sha256').update(session).digest('hex'));
  });
});
