// A real IdP and a real SP (each with its own SQLite file in a temp folder) wired like the demo,
// listening on loopback, with the IdP's IdM integration for `talentlms` activated over HTTP.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdp, type Idp } from '@samlbridge/idp';
import { createSp, type Sp } from '@samlbridge/sp-talentlms';
import { freePort, seedTestSigningKey, seedTestSpEncryptionKey, suiteFixture } from '@samlbridge/test-support';
import { listen, type RunningServer } from '@samlbridge/web';
import { wireDemo } from '../../scripts/wire-demo.js';
import { onLoopback } from '../support/loopback.js';
import type { Json } from './json.js';

export const SCIM_TOKEN = 'test-scim-token-0123456789abcdef';

export interface ProvisioningStack {
  dir: string;
  idp: Idp;
  sp: Sp;
  spUrl: string;
  scimUrl: string;
  appId: string;
  groupId: string;
  /** Raw SCIM GET against the SP (what the SP holds). */
  scim<T = Json>(path: string): Promise<T>;
  stopSp(): Promise<void>;
  startSp(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The SP of a provisioning test: on loopback at `spPort`, its data in `<dir>/sp`, SCIM with SCIM_TOKEN and no SCIM
 * rate limit, quiet; `spConfig` on top.
 */
export function provisioningSpOptions(spPort: number, dir: string, spConfig: Record<string, unknown> = {}): Parameters<typeof createSp>[0] {
  return {
    env: {},
    config: {
      ...onLoopback(spPort, seedTestSpEncryptionKey(join(dir, 'sp'))),
      logLevel: 'silent',
      scimToken: SCIM_TOKEN,
      scimRateLimitPerMinute: 0,
      ...spConfig,
    },
  } as Parameters<typeof createSp>[0];
}

export interface StackOptions {
  activate?: boolean;
  idpConfig?: Record<string, unknown>;
  spConfig?: Record<string, unknown>;
}

export async function startProvisioningStack({
  activate = true,
  idpConfig = {},
  spConfig = {},
}: StackOptions = {}): Promise<ProvisioningStack> {
  const dir = mkdtempSync(join(tmpdir(), 'samlbridge-prov-'));
  const [idpPort, spPort] = [await freePort(), await freePort()];
  const idp = await createIdp({
    env: {},
    config: {
      ...onLoopback(idpPort, seedTestSigningKey(join(dir, 'idp'))),
      logLevel: 'silent',
      provisioningRetryBaseMs: 50,
      provisioningRetryMaxMs: 400,
      provisioningPollMs: 100,
      ...idpConfig,
    },
  });
  const spOptions = provisioningSpOptions(spPort, dir, spConfig);
  let sp = await createSp(spOptions);
  const { app } = await wireDemo(idp, sp);
  const idpServer = await listen(idp.app, idpPort);
  let spServer: RunningServer | undefined = await listen(sp.app, spPort);
  const spUrl = sp.config.baseUrl;
  const scimUrl = `${spUrl}/api/scim2`;
  if (activate) await idp.provisioning.idm.activate(app.id, { baseUrl: scimUrl, token: SCIM_TOKEN }, 'test');
  const stack: ProvisioningStack = {
    dir,
    idp,
    get sp() {
      return sp;
    },
    spUrl,
    scimUrl,
    appId: app.id,
    groupId: app.seeded.groupId,
    async scim(path) {
      const res = await fetch(`${scimUrl}${path}`, { headers: { authorization: `Bearer ${SCIM_TOKEN}` } });
      if (!res.ok) throw new Error(`GET ${path} → ${res.status} ${await res.text()}`);
      return res.json();
    },
    async stopSp() {
      await spServer?.close();
      await sp.close();
      spServer = undefined;
    },
    async startSp() {
      sp = await createSp(spOptions);
      spServer = await listen(sp.app, spPort);
    },
    async stop() {
      await idpServer.close();
      await idp.close();
      if (spServer) await stack.stopSp();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return stack;
}

/** The SCIM path that looks a user up by userName at the SP (RFC 7644 §3.4.2.2 filter). */
export const usersNamed = (name: string) => `/Users?filter=${encodeURIComponent(`userName eq ${JSON.stringify(name)}`)}`;

/**
 * A fresh stack for each test of the calling suite (started in beforeEach, stopped in afterEach), reached
 * through the returned object: every test begins from the demo wiring with nothing left by another test.
 */
export function provisioningStackPerTest(options: StackOptions = {}): ProvisioningStack {
  return suiteFixture(
    async () => {
      const stack = await startProvisioningStack(options);
      return Object.assign(stack, { close: () => stack.stop() });
    },
    { each: true },
  );
}
