// Real Chromium (Debian's /usr/bin/chromium) driven by playwright-core; never a downloaded browser.
// If the browser cannot start, the suite fails with the reason (it never skips).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'screenshots');

/** Chromium flags: without the networking ones Chromium tries to reach the internet. */
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

/** Pages taller than this are shot at the viewport only (keeps the PNGs small). */
const MAX_FULL_PAGE_HEIGHT = 1600;

/**
 * Saves a screenshot as test-artifacts/screenshots/<name>.png: the whole page when it is not much
 * taller than the viewport, else the viewport (override with `fullPage`).
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.screenshot({ path, fullPage: options.fullPage ?? height <= MAX_FULL_PAGE_HEIGHT });
  return path;
}
