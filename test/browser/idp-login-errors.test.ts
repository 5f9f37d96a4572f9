// The IdP sign-in page tells people clearly what went wrong: a wrong password, a suspended account,
// an account locked after repeated failures. Each message is an alert next to the form, the form keeps
// the username, and nothing reveals whether another account exists.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { chromiumForSuite, screenshot } from './support/chromium.js';
import { type EmptyStack, startEmptyStack } from './support/empty-stack.js';

describe('IdP sign-in errors in Chromium', function () {
  this.timeout(60_000);
  const browser = chromiumForSuite();
  let stack: EmptyStack;
  let page: Page;

  before(async () => {
    stack = await startEmptyStack();
    const d = stack.idp.services.directory;
    await d.createUser({
      username: 'rita.right',
      email: 'rita@example.com',
      firstName: 'Rita',
      lastName: 'Right',
      password: 'correct-horse-1',
    } as never);
    const suspended = await d.createUser({
      username: 'sam.suspended',
      email: 'sam@example.com',
      firstName: 'Sam',
      lastName: 'Suspended',
      password: 'correct-horse-2',
    } as never);
    await d.setUserStatus(suspended.id, 'suspended');
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  });
  after(async () => {
    await stack?.stop();
  });

  async function signIn(username: string, password: string) {
    await page.goto(`${stack.idpUrl}/login`);
    await page.getByLabel(/username/i).fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState();
    return (await page.getByRole('alert').innerText()).trim();
  }

  it('a wrong password: "incorrect", the username kept, the password emptied', async () => {
    expect(await signIn('rita.right', 'wrong-password')).to.equal('The username or password is incorrect.');
    expect(await page.getByLabel(/username/i).inputValue()).to.equal('rita.right');
    expect(await page.getByLabel('Password').inputValue()).to.equal('');
    await screenshot(page, '30-idp-login-wrong-password');
  });

  it('a suspended user (right password): told to ask the administrator', async () => {
    expect(await signIn('sam.suspended', 'correct-horse-2')).to.match(/suspended.*administrator/i);
    await screenshot(page, '31-idp-login-suspended');
  });

  it('repeated failures lock the account, and the page says for how long', async () => {
    // Its own user: the lock must not reach the other tests' accounts.
    await stack.idp.services.directory.createUser({
      username: 'lou.locked',
      email: 'lou@example.com',
      firstName: 'Lou',
      lastName: 'Locked',
      password: 'correct-horse-3',
    } as never);
    let message = '';
    for (let i = 0; i < 8 && !/locked|too many/i.test(message); i++) message = await signIn('lou.locked', `wrong-${i}`);
    expect(message).to.match(/locked|too many/i);
    expect(message).to.match(/minute|second/i);
    await screenshot(page, '32-idp-login-locked');
    // Even the right password waits until the lock ends.
    expect(await signIn('lou.locked', 'correct-horse-3')).to.match(/locked|too many/i);
  });
});
