// The IdP admin portal's sign-in form as a person fills it in Chromium, and a signed-in admin for the tests that are
// not about that form.
import type { Page } from 'playwright-core';
import { reusedSignIn } from './reused-sign-in.js';

/** Opens /admin/login, fills the admin email and password and presses Sign in (the caller waits for what follows). */
export async function sendIdpAdminSignIn(page: Page, idpUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${idpUrl}/admin/login`);
  await page.getByLabel('Admin email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Signs the IdP's configured admin (IDP_ADMIN_EMAIL) in and waits for the portal page `at` (by default its first
 * page, SSO Applications): through the form the first time for a running IdP, then with that sign-in's session
 * cookies (reused-sign-in.ts).
 */
export async function signInToIdpAdmin(
  page: Page,
  stack: { idpUrl: string; idp: { config: { adminEmail: string; adminPassword: string } } },
  at = '/admin/applications',
): Promise<void> {
  await reusedSignIn(page, stack.idp, stack.idpUrl, `${stack.idpUrl}${at}`, async () => {
    await sendIdpAdminSignIn(page, stack.idpUrl, stack.idp.config.adminEmail, stack.idp.config.adminPassword);
    await page.waitForURL(`${stack.idpUrl}/admin/applications`);
  });
}
