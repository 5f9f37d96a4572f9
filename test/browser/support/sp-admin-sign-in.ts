// The TalentLMS sign-in form as the Super Admin fills it in Chromium, for the tests that are not about that form.
import type { Page } from 'playwright-core';
import { reusedSignIn } from './reused-sign-in.js';

/**
 * Signs the SP's Super Admin (SP_ADMIN_USER) in and waits for the home page, /dashboard: through the form the first
 * time for a running SP, then with that sign-in's session cookies (reused-sign-in.ts).
 */
export async function signInToSpAdmin(
  page: Page,
  stack: { spUrl: string; sp: { config: { adminUser: string; adminPassword: string } } },
): Promise<void> {
  const home = `${stack.spUrl}/dashboard`;
  await reusedSignIn(page, stack.sp, stack.spUrl, home, async () => {
    await page.goto(`${stack.spUrl}/`);
    await page.getByLabel('Username').fill(stack.sp.config.adminUser);
    await page.getByLabel('Password').fill(stack.sp.config.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(home);
  });
}
