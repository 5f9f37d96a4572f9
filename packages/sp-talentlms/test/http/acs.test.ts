import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { SESSION_COOKIE } from '../../src/index.js';
import { ACS_URL, sessionOf, startSp } from '../helpers/harness.js';

describe('ACS: successful sign-in', () => {
  const h = suiteFixture(() => startSp());

  it('creates the user just in time and /api/session shows them', async () => {
    const { res, jar } = await h.postAcs(h.responseXml());
    expect(res.status).to.equal(303);
    expect(res.headers.get('location')).to.equal('/dashboard');
    expect(jar.get(SESSION_COOKIE)).to.be.a('string');
    expect(await sessionOf(h, jar)).to.deep.equal({
      login: 'jdoe',
      email: 'jane.doe@example.test',
      firstName: 'Jane',
      lastName: 'Doe',
      signedInVia: 'sso',
    });
    const user = (await h.sp.services.users.list('default')).find((u) => u.login === 'jdoe');
    expect(user?.createdVia).to.equal('sso');
  });

  it('re-syncs first name, last name and email on the next login', async () => {
    const xml = h.responseXml({
      assertion: {
        attributes: [
          { name: 'Username', values: ['jdoe'] },
          { name: 'FirstName', values: ['Janet'] },
          { name: 'LastName', values: ['Doe-Smith'] },
          { name: 'Email', values: ['janet@example.test'] },
        ],
      },
    });
    const { res, jar } = await h.postAcs(xml);
    expect(res.status).to.equal(303);
    expect(await sessionOf(h, jar)).to.include({ login: 'jdoe', firstName: 'Janet', lastName: 'Doe-Smith', email: 'janet@example.test' });
    expect((await h.sp.services.users.list('default')).filter((u) => u.login === 'jdoe')).to.have.length(1);
  });

  it('sets an HttpOnly, SameSite=Lax session cookie and records a successful audit event', async () => {
    const { res } = await h.postAcs(h.responseXml());
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`)) ?? '';
    expect(cookie).to.match(/httponly/i);
    expect(cookie).to.match(/samesite=lax/i);
    expect(cookie).not.to.match(/secure/i);
    const events = await (await h.api('GET', '/api/admin/events')).json();
    expect(events.events[0]).to.include({ type: 'sso_login', success: true, user: 'jdoe' });
  });

  it('accepts a Response signed only on the Response, and one signed only on the Assertion', async () => {
    for (const signing of ['response', 'assertion'] as const) {
      const { res } = await h.postAcs(h.responseXml({ signing }));
      expect(res.status, signing).to.equal(303);
    }
  });

  it('uses the NameID as TargetedID when the Username attribute is absent', async () => {
    const { res, jar } = await h.postAcs(h.responseXml({ assertion: { nameId: 'nameid-user', attributes: [] } }));
    expect(res.status).to.equal(303);
    expect(await sessionOf(h, jar)).to.include({ login: 'nameid-user' });
  });

  it('accepts base64 with line breaks', async () => {
    const b64 = Buffer.from(h.responseXml())
      .toString('base64')
      .replace(/(.{76})/g, '$1\r\n');
    const { res } = await h.postAcs(b64);
    expect(res.status).to.equal(303);
  });

  it('returns 404 when the {host} path segment names another host', async () => {
    const { res } = await h.postAcs(h.responseXml(), { path: '/simplesaml/module.php/saml/sp/saml2-acs.php/evil.example' });
    expect(res.status).to.equal(404);
  });

  it('advertises the ACS URL in the SP metadata', async () => {
    const res = await h.get('/simplesaml/module.php/saml/sp/metadata.php/localhost');
    expect(res.status).to.equal(200);
    const xml = await res.text();
    expect(xml).to.include(`entityID="localhost"`);
    expect(xml).to.include(`Location="${ACS_URL}"`);
  });
});
