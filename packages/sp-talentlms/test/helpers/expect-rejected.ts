import type { CookieJar } from '@samlbridge/test-support';
import { expect } from 'chai';
import { type Harness, sessionOf } from './harness.js';

/** A refusal: the status, the reason code on the page, no SAML echoed, no working session, an audit row. */
export async function expectRejected(h: Harness, r: { res: Response; body: string; jar: CookieJar }, reason: string, status = 403) {
  expect(r.res.status, r.body.slice(0, 400)).to.equal(status);
  expect(r.res.headers.get('content-type')).to.match(/text\/html/);
  expect(r.body).to.include(`data-reason="${reason}"`);
  expect(r.body).not.to.match(/<samlp?:|SAMLResponse/);
  expect(await sessionOf(h, r.jar)).to.equal(undefined);
  const { events } = (await (await h.api('GET', '/api/admin/events?limit=1')).json()) as {
    events: { type: string; success: boolean; reason: string }[];
  };
  expect(events[0]).to.include({ type: 'sso_login', success: false, reason });
}
