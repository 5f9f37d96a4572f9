// axe-core (the npm package, bundled, never fetched) run inside the page. The strict CSP of both apps
// refuses the script Playwright adds, so the audit runs in a context created with bypassCSP.
// The script comes from a loopback server of this test process (one per worker, closed when the worker ends)
// rather than as inline text: Chromium then caches the compiled script, and adding axe to a page costs a third
// of the CPU of parsing 550 kB of inline text on every page audited.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { onWorkerExit } from '../../../scripts/test-worker-exit.js';

const require = createRequire(import.meta.url);
let served: Promise<{ url: string; close(): Promise<void> }> | undefined;

/** The URL of axe.min.js on this process's loopback server, started on first use. */
export async function axeScriptUrl(): Promise<string> {
  served ??= (async () => {
    const source = readFileSync(require.resolve('axe-core/axe.min.js'));
    const server = createServer((req, res) => {
      if (req.url !== '/axe.min.js') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'max-age=86400, immutable' });
      res.end(source);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // The pages' own connections stay open (keep-alive); the worker's end must not wait for them.
    server.unref();
    const { port } = server.address() as AddressInfo;
    const close = () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    onWorkerExit(close);
    return { url: `http://127.0.0.1:${port}/axe.min.js`, close };
  })();
  return (await served).url;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Violations of impact serious or critical on the current page (WCAG 2.x A/AA rules and best practices). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window)))
    await page.addScriptTag(
      process.env.AXE_INLINE ? { content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') } : { url: await axeScriptUrl() },
    );
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: Document,
            o: object,
          ): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => JSON.stringify(n.target)),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help} → ${v.nodes.slice(0, 3).join(', ')}`).join('\n');
}
