// A sign-in through a form made once per running app, then reused: later pages are given that sign-in's session
// cookies, as a browser that signed in before has them (a page load and a form post less, about a second of Chromium
// CPU). For the tests that are not about the form; tests of the form itself fill it in every time.
import type { Cookie, Page } from 'playwright-core';

/** The session cookies of an earlier sign-in through the form, per running app. */
const signedIn = new WeakMap<object, Cookie[]>();

/**
 * Opens `target` signed in to the app at `appUrl` (`app` identifies the running app). With cookies of an earlier
 * sign-in, directly; when the app no longer knows that session (signed out, expired), or on first use, through
 * `signIn` (fills the form and waits for where it lands), then `target`.
 */
export async function reusedSignIn(page: Page, app: object, appUrl: string, target: string, signIn: () => Promise<void>): Promise<void> {
  const cookies = signedIn.get(app);
  if (cookies) {
    await page.context().addCookies(cookies);
    await page.goto(target);
    if (page.url() === target) return;
  }
  const before = await page.context().cookies(appUrl);
  await signIn();
  // Only what the sign-in set: the context may hold other sessions on the same host (cookies ignore the port).
  const unchanged = (c: Cookie) => before.some((b) => b.name === c.name && b.value === c.value && b.path === c.path);
  signedIn.set(
    app,
    (await page.context().cookies(appUrl)).filter((c) => !unchanged(c)),
  );
  if (page.url() !== target) await page.goto(target);
}
