// Invitations: a user without a password (imported, or created without one) gets a single-use set-password link from
// the admin (portal, one user or in bulk; admin API), chooses a password under the usual policy, and signs in. Only
// the token's SHA-256 is stored; a new invitation voids the old; the link works once and until it expires.

import { createHash } from 'node:crypto';
import { suiteFixture } from '@samlbridge/test-support';
import { fixedClock } from '@samlbridge/web';
import { expect } from 'chai';
import { submit } from '../helpers/admin.js';
import { apiClient } from '../helpers/api.js';
import type { Client } from '../helpers/client.js';
import { signInThroughForm } from '../helpers/harness.js';
import { inputValue, unescapeHtml } from '../helpers/html.js';
import { startPortal } from '../helpers/portal.js';

const HOUR = 3_600_000;
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('invitations: single-use set-password links for users without a password', () => {
  const clock = fixedClock(new Date('2026-12-03T09:00:00Z'));
  const p = suiteFixture(() => startPortal({ invitationTtlHours: 2 }, { clock }));
  let n = 0;

  /** A user with no password, as an import creates them. */
  async function passwordless(): Promise<{ id: string; username: string }> {
    n += 1;
    const u = await p.h.idp.services.directory.createUser({ username: `invited.${n}`, email: `invited.${n}@example.test` });
    return { id: u.id, username: u.username };
  }

  /** "Create invitation link" on the user's page; the link as the shown-once page gives it. */
  async function inviteInPortal(userId: string): Promise<{ url: string; page: string }> {
    const { location, page } = await submit(p.admin, `/admin/users/${userId}/invitation`, {}, p.csrf);
    expect(location).to.equal('/admin/invitations/created');
    const url = unescapeHtml(/data-invitation-url>([^<]+)</.exec(page)?.[1] ?? '');
    expect(url).to.match(/\/invitation\?token=[A-Za-z0-9_-]{43}$/);
    return { url, page };
  }

  /** Opens the link in a fresh browser; `submit` posts its form. */
  async function open(url: string) {
    const client = p.h.client();
    const form = await (await client.get(url)).text();
    return async (password: string, confirmation = password): Promise<{ status: number; page: string; client: Client }> => {
      const res = await client.post('/invitation', {
        _csrf: inputValue(form, '_csrf') ?? '',
        token: inputValue(form, 'token') ?? '',
        password,
        confirmation,
      });
      return { status: res.status, page: await res.text(), client };
    };
  }

  /** Opens the link in a fresh browser and submits the form; returns the answer to the POST. */
  async function accept(url: string, password: string, confirmation = password) {
    return (await open(url))(password, confirmation);
  }

  it('says on the page of a user without a password that they cannot sign in, and offers the invitation', async () => {
    const u = await passwordless();
    const page = await (await p.admin.get(`/admin/users/${u.id}`)).text();
    expect(page).to.contain('This user has no password yet');
    expect(page).to.contain(`action="/admin/users/${u.id}/invitation"`);
    expect(page).to.contain('No email is sent');
  });

  it('shows the new link once, with a copy button value and no email sent; the page shows it no more after', async () => {
    const u = await passwordless();
    const { url, page } = await inviteInPortal(u.id);
    expect(page).to.contain('you will not see it again');
    expect(page).to.contain(`data-copy="the link for ${u.username}"`);
    expect(url.startsWith(`${p.h.url}/invitation?token=`)).to.equal(true);
    const again = await (await p.admin.get('/admin/invitations/created')).text();
    expect(again).to.contain('id="invitations-gone"');
    expect(again).to.not.contain(url.split('token=')[1]);
  });

  it('stores only the SHA-256 of the link’s token', async () => {
    const u = await passwordless();
    const { url } = await inviteInPortal(u.id);
    const token = new URL(url).searchParams.get('token') ?? '';
    const stored = await p.h.idp.store.invitations.findForUser(u.id, clock.now());
    expect(stored?.tokenHash).to.equal(sha256(token));
    expect(Buffer.from(token, 'base64url')).to.have.length(32);
  });

  it('lets the person choose a password under the usual policy, then sign in with it', async () => {
    const u = await passwordless();
    const { url } = await inviteInPortal(u.id);
    const form = await (await p.h.client().get(url)).text();
    expect(form).to.contain(`data-invited="username">${u.username}<`);
    const short = await accept(url, 'short');
    expect(short.status).to.equal(400);
    expect(short.page).to.contain('New password must be a string of 8 to 1024 characters');
    const mismatch = await accept(url, 'long-enough-1', 'long-enough-2');
    expect(mismatch.status).to.equal(400);
    expect(mismatch.page).to.contain('must be the same password as above');
    const done = await accept(url, 'chosen-password-1');
    expect(done.status).to.equal(200);
    expect(done.page).to.contain('Your password is set');
    expect(inputValue(done.page, 'username')).to.equal(u.username);
    const signIn = await signInThroughForm(p.h.client(), '/login?next=/userconsole/', u.username, 'chosen-password-1');
    expect(signIn.status).to.equal(302);
    expect(signIn.headers.get('location')).to.equal('/userconsole/');
  });

  it('works once: a used link is refused with a page saying what to do', async () => {
    const u = await passwordless();
    const { url } = await inviteInPortal(u.id);
    expect((await accept(url, 'first-password-1')).status).to.equal(200);
    const reused = await p.h.client().get(url);
    expect(reused.status).to.equal(410);
    expect(await reused.text()).to.contain('Ask your administrator for a new link');
    const signIn = await signInThroughForm(p.h.client(), '/login?next=/userconsole/', u.username, 'first-password-1');
    expect(signIn.status).to.equal(302);
  });

  it('lets exactly one of two simultaneous uses set the password', async () => {
    const u = await passwordless();
    const { url } = await inviteInPortal(u.id);
    const [first, second] = [await open(url), await open(url)];
    const [a, b] = await Promise.all([first('parallel-password-a'), second('parallel-password-b')]);
    expect([a.status, b.status].sort()).to.deep.equal([200, 410]);
    const winner = a.status === 200 ? 'parallel-password-a' : 'parallel-password-b';
    const loser = a.status === 200 ? 'parallel-password-b' : 'parallel-password-a';
    expect((await signInThroughForm(p.h.client(), '/login?next=/userconsole/', u.username, winner)).status).to.equal(302);
    expect((await signInThroughForm(p.h.client(), '/login?next=/userconsole/', u.username, loser)).status).to.equal(401);
  });

  it('voids the previous link when a new invitation is made', async () => {
    const u = await passwordless();
    const first = await inviteInPortal(u.id);
    const second = await inviteInPortal(u.id);
    expect((await p.h.client().get(first.url)).status).to.equal(410);
    expect((await p.h.client().get(second.url)).status).to.equal(200);
  });

  it('stops working after IDP_INVITATION_TTL_HOURS', async () => {
    const u = await passwordless();
    const { url } = await inviteInPortal(u.id);
    clock.advance(2 * HOUR);
    try {
      expect((await p.h.client().get(url)).status).to.equal(410);
    } finally {
      clock.advance(-2 * HOUR);
    }
  });

  it('records invitation_created and invitation_used in Directory Insights', async () => {
    const u = await passwordless();
    const { url } = await inviteInPortal(u.id);
    await accept(url, 'events-password-1');
    const created = await p.h.idp.services.events.list({ type: 'invitation_created', limit: 50 });
    const used = await p.h.idp.services.events.list({ type: 'invitation_used', limit: 50 });
    expect(created.items.find((e) => e.userId === u.id)).to.include({ initiator: 'admin:admin@example.com', success: true });
    expect(used.items.find((e) => e.userId === u.id)).to.include({ initiator: u.username, success: true });
    expect(JSON.stringify([...created.items, ...used.items])).to.not.contain(new URL(url).searchParams.get('token'));
  });

  it('invites several users at once (the import result’s button) and shows each link once', async () => {
    const a = await passwordless();
    const b = await passwordless();
    const res = await fetch(`${p.h.url}/admin/invitations`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: p.admin.cookies.header() },
      body: new URLSearchParams([
        ['_csrf', p.csrf],
        ['userIds', a.id],
        ['userIds', b.id],
      ]),
    });
    expect(res.status).to.equal(303);
    const page = await (await p.admin.get(res.headers.get('location') ?? '')).text();
    expect(page).to.contain('2 invitation links');
    expect(page).to.contain(`data-user="${a.username}"`);
    expect(page).to.contain(`data-user="${b.username}"`);
  });

  describe('admin API', () => {
    const api = () => apiClient(p.h);

    it('creates a user’s invitation: the link in the response only, and its expiry', async () => {
      const u = await passwordless();
      const res = await api()('POST', `/users/${u.id}/invitations`);
      expect(res.status).to.equal(201);
      expect(res.body).to.include({
        userId: u.id,
        username: u.username,
        expiresAt: new Date(clock.now().getTime() + 2 * HOUR).toISOString(),
      });
      expect((await accept(res.body.url, 'api-password-1')).status).to.equal(200);
    });

    it('refuses a suspended user (409) and an unknown one (404)', async () => {
      const u = await passwordless();
      await p.h.idp.services.directory.setUserStatus(u.id, 'suspended');
      const suspended = await api()('POST', `/users/${u.id}/invitations`);
      expect(suspended.status).to.equal(409);
      expect(suspended.body.error).to.equal('user_suspended');
      expect((await api()('POST', '/users/no-such-user/invitations')).status).to.equal(404);
    });

    it('invites several users and lists the ones it could not invite with why', async () => {
      const u = await passwordless();
      const res = await api()('POST', '/invitations', { userIds: [u.id, 'no-such-user'] });
      expect(res.status).to.equal(201);
      expect(res.body.invitations.map((i: { userId: string }) => i.userId)).to.deep.equal([u.id]);
      expect(res.body.refused).to.have.length(1);
      expect(res.body.refused[0]).to.include({ userId: 'no-such-user', code: 'not_found' });
    });
  });
});
