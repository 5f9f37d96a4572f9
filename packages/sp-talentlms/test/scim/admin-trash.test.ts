// The LMS users page: Delete → trash; the Trash view with Restore and Permanently delete (confirmation, CSRF).
import { CookieJar, suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { before, describe, it } from 'mocha';
import { createUser, expectScimError, newUser, startScim } from './scim-helpers.js';

describe('LMS users page: trash and permanent delete', function () {
  this.timeout(20_000);
  const h = suiteFixture(() => startScim());
  let jar: CookieJar;
  let csrf: string;
  const post = (path: string, fields: Record<string, string>) =>
    fetch(`${h.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
      body: new URLSearchParams(fields).toString(),
    });

  before(async () => {
    jar = new CookieJar();
    const page = await (await h.get('/', jar)).text();
    csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    jar.store(await post('/index/login', { _csrf: csrf, login: 'admin', password: 'admin-demo-password' }));
    csrf = /name="_csrf" value="([^"]+)"/.exec(await (await h.get('/account/users/sso', jar)).text())?.[1] ?? '';
  });

  it('deletes to the trash, restores, and permanently deletes only after confirmation, releasing the email', async () => {
    const id = await createUser(h, 'page.user', { emails: [{ value: 'page.user@example.test' }] });
    expect((await post(`/account/users/${id}/delete`, {})).status, 'no CSRF').to.equal(403);
    const del = await post(`/account/users/${id}/delete`, { _csrf: csrf });
    expect(del.status).to.equal(303);
    expect(await (await h.get('/account/users', jar)).text()).to.not.include('data-user="page.user"');
    const trash = await (await h.get('/account/users/trash', jar)).text();
    expect(trash).to.include('data-user="page.user"');
    expectScimError(await h.scim('GET', `/Users/${id}`), 404);

    expect((await post(`/account/users/${id}/restore`, { _csrf: csrf })).status).to.equal(303);
    expect((await h.scim('GET', `/Users/${id}`)).status).to.equal(200);

    await post(`/account/users/${id}/delete`, { _csrf: csrf });
    const confirm = await (await h.get(`/account/users/${id}/purge`, jar)).text();
    expect(confirm).to.include('cannot be undone');
    expect((await post(`/account/users/${id}/purge`, { _csrf: csrf })).status, 'unconfirmed').to.equal(400);
    expectScimError(
      await h.scim('POST', '/Users', newUser('page.user2', { emails: [{ value: 'page.user@example.test' }] })),
      409,
      'uniqueness',
    );
    expect((await post(`/account/users/${id}/purge`, { _csrf: csrf, confirm: 'yes' })).status).to.equal(303);
    expect(await (await h.get('/account/users/trash', jar)).text()).to.include('trash-empty');
    expect((await h.scim('POST', '/Users', newUser('page.user2', { emails: [{ value: 'page.user@example.test' }] }))).status).to.equal(201);
    expect((await post(`/account/users/${id}/restore`, { _csrf: csrf })).status).to.equal(404);
  });

  it('refuses to permanently delete a user that is not in the trash', async () => {
    const id = await createUser(h, 'not.trashed');
    expect((await post(`/account/users/${id}/purge`, { _csrf: csrf, confirm: 'yes' })).status).to.equal(409);
  });
});
