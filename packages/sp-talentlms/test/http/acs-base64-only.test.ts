import { suiteFixture } from '@samlbridge/test-support';
// saml-bindings §3.5.4: the HTTP-POST binding carries the Response base64-encoded in the SAMLResponse form field.
// The ACS accepts only that; raw XML (which the pure verifier takes from tests with acceptRawXml) is refused.

import { encodePost } from '@samlbridge/protocol';
import { CookieJar } from '@samlbridge/test-support';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { expectRejected } from '../helpers/expect-rejected.js';
import { sessionOf, startSp } from '../helpers/harness.js';

describe('ACS: SAMLResponse must be base64 over HTTP', () => {
  const h = suiteFixture(() => startSp());

  /** Posts the field exactly as given (the harness's postAcs would base64-encode XML for us). */
  async function postField(samlResponse: string) {
    const jar = new CookieJar();
    const res = await fetch(`${h.url}/simplesaml/module.php/saml/sp/saml2-acs.php/localhost`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ SAMLResponse: samlResponse }).toString(),
    });
    jar.store(res);
    return { res, body: await res.text(), jar };
  }

  it('refuses a genuine, validly signed Response sent as raw XML (malformed_response)', async () => {
    await expectRejected(h, await postField(h.responseXml()), 'malformed_response');
  });

  it('refuses raw XML after leading whitespace too (malformed_response)', async () => {
    await expectRejected(h, await postField(`\r\n  ${h.responseXml()}`), 'malformed_response');
  });

  it('accepts the same genuine Response base64-encoded', async () => {
    const r = await postField(encodePost(h.responseXml()));
    expect(r.res.status, r.body.slice(0, 300)).to.equal(303);
    expect((await sessionOf(h, r.jar))?.login).to.equal('jdoe');
  });
});
