// The Super Admin's "Add user" page (the article's import step presumes users created in TalentLMS): a single
// sign-on account the IdP then signs in as, or a local account with a password; every problem tied to its field.
import { CookieJar, suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { type Harness, sessionOf, startSp } from '../helpers/harness.js';
import { csrfFrom, postForm, superAdmin } from '../security/support.js';

async function addUser(h: Harness, jar: CookieJar, fields: Record<string, string>) {
  const csrf = csrfFrom(await (await h.get('/account/users/new', jar)).text());
  return postForm(h, '/account/users/new', jar, { _csrf: csrf, ...fields });
}

/** The Add user form's fields for a person: a local account when a password is given, else single sign-on. */
function person(login: string, email: string, [firstName, lastName]: [string, string], password?: string): Record<string, string> {
  return { firstName, lastName, email, login, ...(password === undefined ? { signIn: 'sso' } : { signIn: 'password', password }) };
}

describe('SP: Add user', () => {
  const h = suiteFixture(() => startSp());

  it('links "Add user" from the users list and shows the form to the Super Admin', async () => {
    const jar = await superAdmin(h);
    expect(await (await h.get('/account/users', jar)).text()).to.contain('href="/account/users/new"');
    const form = await (await h.get('/account/users/new', jar)).text();
    expect(form).to.contain('<h1>Add user</h1>').and.contain('How this user signs in');
  });

  it('adds a single sign-on user whom the identity provider then signs in as (TargetedID = username)', async () => {
    const jar = await superAdmin(h);
    const res = await addUser(h, jar, person('jdoe', 'jane.doe@example.test', ['Jane', 'Doe']));
    expect(res.status).to.equal(303);
    expect(res.headers.get('location')).to.equal('/account/users?done=added');
    expect(await (await h.get('/account/users?done=added', jar)).text())
      .to.contain('The user was added.')
      .and.contain('data-user="jdoe"');
    const { res: acs, jar: learner } = await h.postAcs(h.responseXml());
    expect(acs.status).to.be.oneOf([302, 303]);
    expect(await sessionOf(h, learner)).to.include({ login: 'jdoe', signedInVia: 'sso' });
  });

  it('adds a local user who signs in with the password the admin set', async () => {
    const admin = await superAdmin(h);
    const res = await addUser(h, admin, person('lou.cal', 'lou@example.test', ['Lou', 'Cal'], 'local-password-1'));
    expect(res.status).to.equal(303);
    const jar = new CookieJar();
    const page = await (await h.get('/', jar)).text();
    const signIn = await postForm(h, '/index/login', jar, { _csrf: csrfFrom(page), login: 'lou.cal', password: 'local-password-1' });
    expect(signIn.status).to.equal(303);
    expect(await sessionOf(h, jar)).to.include({ login: 'lou.cal', signedInVia: 'password' });
  });

  it('refuses a bad form with one message per field, keeps the values typed (never the password)', async () => {
    const jar = await superAdmin(h);
    const res = await addUser(h, jar, person('kept user', 'not-an-email', ['Kept', ''], 'short'));
    expect(res.status).to.equal(400);
    const page = await res.text();
    expect(page).to.contain('Fix the 4 fields marked below.');
    expect(page).to.contain(
      'id="email" name="email" autocomplete="off" value="not-an-email" aria-invalid="true" aria-describedby="email-error"',
    );
    expect(page).to.contain('id="firstName" name="firstName" autocomplete="off" value="Kept">');
    expect(page).to.contain('Enter a password of at least 8 characters');
    expect(page).not.to.contain('value="short"');
  });

  it('refuses a username or email another user has, and the Super Admin’s username', async () => {
    const jar = await superAdmin(h);
    await addUser(h, jar, { firstName: 'A', lastName: 'B', email: 'taken@example.test', login: 'taken', signIn: 'sso' });
    let res = await addUser(h, jar, { firstName: 'A', lastName: 'B', email: 'other@example.test', login: 'TAKEN', signIn: 'sso' });
    expect(res.status).to.equal(400);
    expect(await res.text()).to.contain('already has this username');
    res = await addUser(h, jar, { firstName: 'A', lastName: 'B', email: 'taken@example.test', login: 'someone', signIn: 'sso' });
    expect(await res.text()).to.contain('already has this email address');
    res = await addUser(h, jar, { firstName: 'A', lastName: 'B', email: 'x@example.test', login: 'admin', signIn: 'sso' });
    expect(await res.text()).to.contain('This username belongs to the Super Admin.');
  });

  it('is for the Super Admin only, and needs the CSRF token', async () => {
    expect((await h.get('/account/users/new')).status).to.equal(302);
    const jar = await superAdmin(h);
    const res = await postForm(h, '/account/users/new', jar, {
      firstName: 'A',
      lastName: 'B',
      email: 'c@example.test',
      login: 'nocsrf',
      signIn: 'sso',
    });
    expect(res.status).to.equal(403);
  });
});
