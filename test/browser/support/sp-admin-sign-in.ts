// The TalentLMS sign-in form as the Super Admin fills it in Chromium, for the tests that are not about that form.
import type { Cookie, Page } from 'playwright-core';

/** The SP's session cookies of an earlier sign-in through the form, per running SP. */
const signedIn = new WeakMap<object, Cookie[]>();

/**
 * Signs the SP's Super Admin (SP_ADMIN_USER) in and waits for the home page, /dashboard. The first time for a running
 * SP through the sign-in form; after that the page's context is given that sign-in's session cookies, as a browser
 * that signed in before has them (a page load and a form post less). When the SP no longer knows that session
 * (signed out, expired), the form again.
 */
export async function signInToSpAdmin(
  page: Page,
  stack: { spUrl: string; sp: { config: { adminUser: string; adminPassword: string } } },
): Promise<void> {
  const home = `${stack.spUrl}/dashboard`;
  const cookies = signedIn.get(stack.sp);
  if (cookies) {
    await page.context().addCookies(cookies);
    await page.goto(home);
    if (page.url() === home) return;
  }
  const before = await page.context().cookies(stack.spUrl);
  await page.goto(`${stack.spUrl}/`);
  await page.getByLabel('Username').fill(stack.sp.config.adminUser);
  await page.getByLabel('Password').fill(stack.sp.config.adminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(home);
  // Only what the sign-in set: the context may hold other sessions on the same host (cookies ignore the port: the IdP's).
  const unchanged = (c: Cookie) => before.some((b) => b.name === c.name && b.value === c.value && b.path === c.path);
  signedIn.set(
    stack.sp,
    (await page.context().cookies(stack.spUrl)).filter((c) => !unchanged(c)),
  );
}
