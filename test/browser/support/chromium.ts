// Real Chromium (Debian's /usr/bin/chromium) driven by playwright-core; never a downloaded browser.
// If the browser cannot start, the suite fails with the reason (it never skips).
// One Chromium per test worker process serves every browser suite that process runs (chromiumForSuite): a
// launch costs about a second of CPU. Isolation comes from browser contexts (each its own cookies and storage),
// and a suite's contexts are closed when it ends.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { forwardTo } from '@samlbridge/test-support';
import { type Browser, chromium, type Page } from 'playwright-core';
import { onWorkerExit } from '../../../scripts/test-worker-exit.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'screenshots');

/**
 * Chromium flags: without the networking ones Chromium tries to reach the internet. Measured (Chromium CPU, paired
 * runs on the same machine) and left out: --renderer-process-limit=2 (1.5-5.6 s less on the passkey, SSO and copy
 * files in six runs, but 1.3-2.6 s more on accessibility.test.ts in two: no gain overall), --in-process-gpu,
 * --disable-site-isolation-trials with site-per-process off, --no-zygote, more --disable-features background services
 * (within noise). playwright-core already passes --disable-extensions and its own --disable-features list.
 */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launchChromium(): Promise<Browser> {
  try {
    return await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
  } catch (err) {
    throw new Error(
      `Chromium could not start from ${CHROMIUM_PATH} (install Debian's chromium: apt-get install -y chromium): ${(err as Error).message}`,
    );
  }
}

let shared: Promise<Browser> | undefined;

async function closeShared(): Promise<void> {
  const browser = await shared?.catch(() => undefined);
  shared = undefined;
  await browser?.close();
}

/** This process's Chromium, launched on first use and again when it went away (closed, crashed). */
export async function sharedChromium(): Promise<Browser> {
  const running = await shared?.catch(() => undefined);
  if (running?.isConnected()) return running;
  shared = launchChromium();
  onWorkerExit(closeShared);
  return shared;
}

/**
 * The shared Chromium for one suite: reached in its before(); its after() closes every context the suite left
 * open, so the next suite of the process starts with none.
 */
export function chromiumForSuite(): Browser {
  let running: Browser | undefined;
  before(async () => {
    running = await sharedChromium();
  });
  after(async () => {
    const browser = running;
    running = undefined;
    if (browser?.isConnected()) await Promise.allSettled(browser.contexts().map((context) => context.close()));
  });
  return forwardTo(() => {
    if (!running) throw new Error('Chromium is not running for this suite (used outside a test or hook, or its launch failed)');
    return running;
  });
}

/** Pages taller than this are shot at the viewport only (keeps the PNGs small). */
const MAX_FULL_PAGE_HEIGHT = 1600;

/**
 * Whether screenshot() saves anything: only when asked with SAMLBRIDGE_SCREENSHOTS=1 (scripts/update-readme-
 * screenshots.ts sets it). A screenshot costs about 0.1 s of Chromium CPU (capture and PNG encoding; 0.05-0.17 s
 * over three A/B runs of the article and SSO files) and a test run takes some 40 that nobody looks at.
 */
export const SCREENSHOTS = process.env.SAMLBRIDGE_SCREENSHOTS === '1';

/**
 * Saves a screenshot as test-artifacts/screenshots/<name>.png when SCREENSHOTS is on (else nothing, undefined): the
 * whole page when it is not much taller than the viewport, else the viewport (override with `fullPage`).
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string | undefined> {
  if (!SCREENSHOTS) return undefined;
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.screenshot({ path, fullPage: options.fullPage ?? height <= MAX_FULL_PAGE_HEIGHT });
  return path;
}
