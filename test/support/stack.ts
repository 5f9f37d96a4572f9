// Starts a real IdP and a real SP on free loopback ports, each with its own SQLite file in a
// temp folder, wired together exactly as `npm start` wires them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdp, type Idp } from '@samlbridge/idp';
import { createSp, type Sp } from '@samlbridge/sp-talentlms';
import { advanceableClock, freePort, seedTestSigningKey, seedTestSpEncryptionKey } from '@samlbridge/test-support';
import { type Clock, listen, type RunningServer } from '@samlbridge/web';
import { wireDemo } from '../../scripts/wire-demo.js';
import { onLoopback, stopAll } from './loopback.js';

export interface Stack {
  idp: Idp;
  sp: Sp;
  idpUrl: string;
  spUrl: string;
  appName: string;
  spAcsUrl: string;
  demo: { username: string; password: string };
  /** The IdP's clock: real time, which a test may move forward (e.g. to the next whole second). */
  idpClock: Clock & { advance(ms: number): void };
  stop(): Promise<void>;
}

/** The benchmarks import freePort from here. */
export { freePort };

/** Where each app keeps its data: by default a SQLite file in its data folder; a PostgreSQL URL otherwise. */
export interface StackOptions {
  idpDatabaseUrl?: string;
  spDatabaseUrl?: string;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'samlbridge-e2e-'));
  const [idpPort, spPort] = [await freePort(), await freePort()];
  const idpClock = advanceableClock();
  const idp = await createIdp({
    env: {},
    clock: idpClock,
    config: {
      ...onLoopback(idpPort, seedTestSigningKey(join(dir, 'idp'))),
      logLevel: 'silent',
      ...(options.idpDatabaseUrl ? { databaseUrl: options.idpDatabaseUrl } : {}),
    },
  });
  const sp = await createSp({
    env: {},
    config: {
      ...onLoopback(spPort, seedTestSpEncryptionKey(join(dir, 'sp'))),
      logLevel: 'silent',
      ...(options.spDatabaseUrl ? { databaseUrl: options.spDatabaseUrl } : {}),
    },
  });
  const { app, spAcsUrl } = await wireDemo(idp, sp);
  const servers: RunningServer[] = [await listen(idp.app, idpPort), await listen(sp.app, spPort)];
  return {
    idp,
    sp,
    idpUrl: idp.config.baseUrl,
    spUrl: sp.config.baseUrl,
    appName: app.name,
    spAcsUrl,
    demo: { username: idp.config.demoUser, password: idp.config.demoPassword },
    idpClock,
    stop: () => stopAll(servers, [idp, sp], dir),
  };
}
