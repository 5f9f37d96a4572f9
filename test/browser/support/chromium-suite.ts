// What most Chromium suites set up the same way: the process's Chromium and one demo stack (IdP + SP wired as
// `npm start` wires them) for the whole suite, and a fresh browser context (its own cookies) with one page for each test.
// Each is reached through an object that forwards to the one running now (test-support's suiteFixture).
import { suiteFixture } from '@samlbridge/test-support';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { type Stack, startStack } from '../../support/stack.js';
import { chromiumForSuite } from './chromium.js';

/** Chromium (chromiumForSuite) and the demo stack, started in the suite's before() and closed in its after(). */
export function chromiumAndDemoStack(): { browser: Browser; stack: Stack } {
  const browser = chromiumForSuite();
  const stack = suiteFixture(async () => {
    const running = await startStack();
    return Object.assign(running, { close: () => running.stop() });
  });
  return { browser, stack };
}

/**
 * A new context with `options` and one page in it before each test, closed after it: no cookie or storage
 * carries over from one test to the next.
 */
export function pagePerTest(browser: Browser, options: BrowserContextOptions = {}): { context: BrowserContext; page: Page } {
  const context = suiteFixture(() => browser.newContext(options), { each: true });
  const page = suiteFixture(() => context.newPage(), { each: true });
  return { context, page };
}

/**
 * One context with `options` and one page in it for the whole suite, its cookies cleared and its viewport set back
 * to `options.viewport` before each test: like pagePerTest, no sign-in carries over from one test to the next (the
 * apps keep their sessions in cookies only, nothing in Web Storage, and send their pages no-store), but the page
 * keeps its renderer process and what that compiled. A new context and page cost Chromium about 0.5–0.8 s of CPU,
 * and adding axe-core to the first document of a new page about as much again.
 */
export function pagePerSuite(browser: Browser, options: BrowserContextOptions = {}): { context: BrowserContext; page: Page } {
  const context = suiteFixture(() => browser.newContext(options));
  const page = suiteFixture(() => context.newPage());
  beforeEach(async () => {
    await context.clearCookies();
    if (options.viewport) await page.setViewportSize(options.viewport);
  });
  return { context, page };
}

/**
 * pagePerSuite whose page also starts each test on about:blank: what pagePerTest gives (no session, no page left
 * open from the previous test), without a new context per test.
 */
export function clearedPagePerTest(browser: Browser, options: BrowserContextOptions = {}): { context: BrowserContext; page: Page } {
  const { context, page } = pagePerSuite(browser, options);
  beforeEach(async () => {
    await page.goto('about:blank');
  });
  return { context, page };
}
