import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, seedTestSigningKey, TEST_PASSWORD_HASH_COST } from '@samlbridge/test-support';
import { type Clock, listen, type PasswordVerifier, type RunningServer } from '@samlbridge/web';
import { pino } from 'pino';
import { createIdp, type Idp, seedDemo } from '../../src/index.js';
import { Client } from './client.js';
import { inputValue } from './html.js';

export const SP_ENTITY_ID = 'talentlms.test';
export const SP_ACS = 'http://sp.test/acs';
export const SP_ACS_2 = 'http://sp.test/acs-2';
export const DEMO_PASSWORD = 'demo-password';

export interface Harness {
  idp: Idp;
  server: RunningServer;
  url: string;
  dir: string;
  client(): Client;
  close(): Promise<void>;
}

/** A real IdP on a free port with a real SQLite file in a temp dir, seeded like the demo (+ a second ACS). */
export async function startIdp(
  config: Record<string, unknown> = {},
  { clock, verifyPassword, signingThreadSource }: { clock?: Clock; verifyPassword?: PasswordVerifier; signingThreadSource?: string } = {},
): Promise<Harness> {
  const dir = seedTestSigningKey(mkdtempSync(join(tmpdir(), 'samlbridge-idp-')));
  const port = await freePort();
  const real = await createIdp({
    env: {},
    // rejectionWindowSeconds 0: tests read the event of each rejection they cause (aggregation: test/operations/).
    config: {
      dataDir: dir,
      logLevel: 'silent',
      baseUrl: `http://localhost:${port}`,
      rejectionWindowSeconds: 0,
      passwordHashCost: TEST_PASSWORD_HASH_COST,
      ...config,
    },
    logger: pino({ level: 'silent' }),
    ...(clock ? { clock } : {}),
    ...(verifyPassword ? { verifyPassword } : {}),
    ...(signingThreadSource ? { signingThreadSource } : {}),
  });
  const running = await listen(real.app, port);
  const seeded = await seedDemo(real, { spBaseUrl: 'http://sp.test', spEntityId: SP_ENTITY_ID, spAcsUrl: SP_ACS });
  await real.services.directory.updateApplication(seeded.id, { acsUrls: [SP_ACS, SP_ACS_2] });
  return {
    idp: real,
    server: running,
    url: running.url,
    dir,
    client: () => new Client(running.url),
    async close() {
      await running.close();
      await real.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Follows a redirect to /login, submits the form and returns the response to the POST. */
export async function signInThroughForm(
  client: Client,
  loginPath: string,
  username = 'demo.user',
  password = DEMO_PASSWORD,
): Promise<Response> {
  const page = await (await client.get(loginPath)).text();
  const form: Record<string, string> = { _csrf: inputValue(page, '_csrf') ?? '', username, password };
  const flow = inputValue(page, 'flow');
  const next = inputValue(page, 'next');
  if (flow) form.flow = flow;
  if (next) form.next = next;
  return client.post('/login', form);
}
