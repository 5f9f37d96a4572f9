// What the provisioning benchmarks share (provisioning.ts, rate-limited.ts, scale-provisioning.ts, and the SPs of
// sp-child.ts and scale-apps.ts): an SP whose SSO is configured (SCIM requires it), the TalentLMS application of the
// IdP (provisioningIdp) connected to it with Identity Management active, and the wait until the application's outbox is drained.
import { type ChildProcess, fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CreateIdpOptions, createIdp, DEMO_APPLICATION, type Idp } from '@samlbridge/idp';
import type { Sp } from '@samlbridge/sp-talentlms';

export const BENCH_SCIM_TOKEN = 'bench-scim-token-0123456789abcdef';

/** SSO settings naming a placeholder IdP: the benchmarks never sign in, but the SP's SCIM API needs SSO configured. */
export async function configurePlaceholderSso(sp: Sp): Promise<void> {
  await sp.services.sso.updateSettings(new URL(sp.config.baseUrl).hostname, {
    idpEntityId: 'http://localhost/saml2/talentlms',
    certificateFingerprints: ['00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33'],
    remoteSignInUrl: 'http://localhost/saml2/talentlms',
    remoteSignOutUrl: 'http://localhost/userconsole/',
  });
}

/** bench/sp-child.ts in its own process (its own core, as in production); `ready` is its URL once it listens. */
export function forkSpChild(dataDir: string, port: number, databaseUrl?: string): { child: ChildProcess; ready: Promise<string> } {
  const args = [dataDir, String(port), BENCH_SCIM_TOKEN, ...(databaseUrl ? [databaseUrl] : [])];
  const child = fork(join(dirname(fileURLToPath(import.meta.url)), 'sp-child.ts'), args, {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve(String(m)));
    child.once('exit', (code) => reject(new Error(`SP exited (${code})`)));
  });
  return { child, ready };
}

/** A silent IdP on `port` that polls its outbox every 20 ms; `config` adds settings or overrides these. */
export function provisioningIdp(port: number, dataDir: string, config: CreateIdpOptions['config'] = {}): Promise<Idp> {
  return createIdp({
    env: {},
    config: { port, baseUrl: `http://localhost:${port}`, dataDir, logLevel: 'silent', provisioningPollMs: 20, ...config },
  });
}

/** The IdP's TalentLMS application for the SP at `spUrl`, its Identity Management integration active and idle. */
export async function connectTalentLms(idp: Idp, spUrl: string): Promise<{ appId: string; scimUrl: string }> {
  const app = await idp.services.directory.createApplication({
    catalog: 'talentlms',
    name: DEMO_APPLICATION,
    displayLabel: 'TalentLMS',
    spEntityId: 'localhost',
    acsUrls: [`${spUrl}/acs`],
  } as never);
  const scimUrl = `${spUrl}/api/scim2`;
  await idp.provisioning.idm.activate(app.id, { baseUrl: scimUrl, token: BENCH_SCIM_TOKEN }, 'bench');
  await idp.provisioning.worker.idle();
  return { appId: app.id, scimUrl };
}

/** Resolves once the application's outbox has nothing pending (checked every `pollMs`). */
export async function outboxDrained(idp: Idp, appId: string, pollMs = 25): Promise<void> {
  while ((await idp.store.outbox.counts(appId)).pending > 0) await new Promise((r) => setTimeout(r, pollMs));
}
