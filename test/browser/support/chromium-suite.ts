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
 * One context with `options` and one page in it for the whole suite, closed after it: for suites whose tests each
 * open the page they need (goto) and depend on no cookie or storage being absent. A context costs about 0.8 s of
 * Chromium CPU to create and close (a renderer process each).
 */
export function pagePerSuite(browser: Browser, options: BrowserContextOptions = {}): { context: BrowserContext; page: Page } {
  const context = suiteFixture(() => browser.newContext(options));
  const page = suiteFixture(() => context.newPage());
  return { context, page };
}

/**
 * One context and page for the suite (pagePerSuite), made a fresh browser again before each test: its cookies
 * cleared and the page on about:blank, so no session carries over (the apps keep their state in cookies only). What
 * pagePerTest gives, without a new context per test.
 */
export function clearedPagePerTest(browser: Browser, options: BrowserContextOptions = {}): { context: BrowserContext; page: Page } {
  const { context, page } = pagePerSuite(browser, options);
  beforeEach(async () => {
    await context.clearCookies();
    await page.goto('about:blank');
  });
  return { context, page };
}
