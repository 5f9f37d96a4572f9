// The IdP admin portal's sign-in form as a person fills it in Chromium.
import type { Page } from 'playwright-core';

/** Opens /admin/login, fills the admin email and password and presses Sign in (the caller waits for what follows). */
export async function sendIdpAdminSignIn(page: Page, idpUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${idpUrl}/admin/login`);
  await page.getByLabel('Admin email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs the IdP's configured admin (IDP_ADMIN_EMAIL) in and waits for the portal's first page, SSO Applications. */
export async function signInToIdpAdmin(
  page: Page,
  stack: { idpUrl: string; idp: { config: { adminEmail: string; adminPassword: string } } },
): Promise<void> {
  await sendIdpAdminSignIn(page, stack.idpUrl, stack.idp.config.adminEmail, stack.idp.config.adminPassword);
  await page.waitForURL(`${stack.idpUrl}/admin/applications`);
}
