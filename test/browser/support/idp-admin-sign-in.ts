// The IdP admin portal's sign-in form as a person fills it in Chromium, and a signed-in admin for the tests that are
// not about that form.
import type { Cookie, Page } from 'playwright-core';

/** Opens /admin/login, fills the admin email and password and presses Sign in (the caller waits for what follows). */
export async function sendIdpAdminSignIn(page: Page, idpUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${idpUrl}/admin/login`);
  await page.getByLabel('Admin email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The IdP's admin session cookies of an earlier sign-in through the form, per running IdP. */
const signedIn = new WeakMap<object, Cookie[]>();

/**
 * Signs the IdP's configured admin (IDP_ADMIN_EMAIL) in and waits for the portal page `at` (by default its first
 * page, SSO Applications). The first time for a running IdP through the sign-in form; after that the page's context
 * is given that sign-in's session cookies, as a browser that signed in before has them, and opens `at` directly (a
 * page load and a form post less, about a second of Chromium CPU). When the IdP no longer knows that session (signed
 * out, expired), the form again.
 */
export async function signInToIdpAdmin(
  page: Page,
  stack: { idpUrl: string; idp: { config: { adminEmail: string; adminPassword: string } } },
  at = '/admin/applications',
): Promise<void> {
  const portal = `${stack.idpUrl}/admin/applications`;
  const target = `${stack.idpUrl}${at}`;
  const cookies = signedIn.get(stack.idp);
  if (cookies) {
    await page.context().addCookies(cookies);
    await page.goto(target);
    if (page.url() === target) return;
  }
  const before = await page.context().cookies(stack.idpUrl);
  await sendIdpAdminSignIn(page, stack.idpUrl, stack.idp.config.adminEmail, stack.idp.config.adminPassword);
  await page.waitForURL(portal);
  // Only what the sign-in set: the context may hold other sessions on the same host (cookies ignore the port: the SP's).
  const unchanged = (c: Cookie) => before.some((b) => b.name === c.name && b.value === c.value && b.path === c.path);
  signedIn.set(
    stack.idp,
    (await page.context().cookies(stack.idpUrl)).filter((c) => !unchanged(c)),
  );
  if (target !== portal) await page.goto(target);
}
