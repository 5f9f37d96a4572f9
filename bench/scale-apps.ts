// The apps of the scale benchmark (bench/scale.ts): a real IdP (seeded like the demo, then a big directory written
// straight into its database) and a real SP (SCIM users written the same way), on SQLite files or PostgreSQL
// scratch databases, each listening on loopback.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdp, DEMO_GROUP, type Idp, seedDemo } from '@samlbridge/idp';
import { createSp, type Sp } from '@samlbridge/sp-talentlms';
import { freePort, seedTestSigningKey } from '@samlbridge/test-support';
import { createScratchDatabase, type DatabaseTarget, listen, type RunningServer } from '@samlbridge/web';
import { tenantIdFromHost } from '../packages/sp-talentlms/src/tenant.js';
import { startPostgresCluster } from '../scripts/postgres-cluster.js';
import { configurePlaceholderSso, BENCH_SCIM_TOKEN as SCIM_TOKEN } from './provisioning-setup.js';
import { seedIdpDirectory, seedSpUsers } from './scale-seed.js';

export type Engine = 'sqlite' | 'postgres';

/** Where one app's database lives: its config URL, the target the seeder opens, and how to drop it. */
export interface BenchDatabase {
  url: string;
  target: DatabaseTarget;
  drop(): Promise<void>;
}

/** Makes a fresh empty database per call: a SQLite file, or a scratch database on a PostgreSQL server. */
export interface Databases {
  fresh(name: string): Promise<BenchDatabase>;
  close(): void;
}

export async function databases(engine: Engine): Promise<Databases> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'samlbridge-scale-'));
    let n = 0;
    return {
      async fresh(name) {
        const file = join(dir, `${name}-${++n}.db`);
        const drop = async () => {
          for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
        };
        return { url: `sqlite:${file}`, target: { kind: 'sqlite', file }, drop };
      },
      close: () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  // SCALE_DATABASE_URL (or the tests' TEST_DATABASE_URL) names a server we may create databases on; else a throwaway cluster.
  const given = process.env.SCALE_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const cluster = given ? undefined : await startPostgresCluster();
  const server = given ?? (cluster?.url as string);
  return {
    async fresh(name) {
      const scratch = await createScratchDatabase(server, `scale_${name}`);
      return { url: scratch.url, target: { kind: 'postgres', url: scratch.url }, drop: () => scratch.drop() };
    },
    close: () => cluster?.stop(),
  };
}

export interface ScaleIdp {
  idp: Idp;
  url: string;
  appName: string;
  /** Usernames of seeded users in the bound group (they may launch the application). */
  boundUsers: number;
  password: string;
  close(): Promise<void>;
}

/** An IdP with the demo seed plus `users` people: `boundUsers` of them in the bound demo group, all in departments. */
export async function startScaleIdp(
  db: BenchDatabase,
  { users, boundUsers, extra = {} }: { users: number; boundUsers: number; extra?: Record<string, unknown> },
): Promise<ScaleIdp> {
  const dir = seedTestSigningKey(mkdtempSync(join(tmpdir(), 'samlbridge-scale-idp-')));
  const port = await freePort();
  const idp = await createIdp({
    env: {},
    config: { port, baseUrl: `http://localhost:${port}`, dataDir: dir, databaseUrl: db.url, logLevel: 'silent', ...extra },
  });
  let server: RunningServer | undefined;
  try {
    const seeded = await seedDemo(idp, { spBaseUrl: 'http://sp.test', spEntityId: 'sp.test', spAcsUrl: 'http://sp.test/acs' });
    // The demo user's hash (scrypt ran once, in seedDemo) is every seeded user's hash: their password is the demo's.
    const demo = await idp.store.users.findByUsername(idp.config.demoUser);
    if (!demo?.passwordHash) throw new Error('the demo user has no password hash');
    const bound = await idp.services.directory.findGroupByName(DEMO_GROUP);
    await seedIdpDirectory(db.target, {
      users,
      passwordHash: demo.passwordHash,
      boundGroupId: bound?.id ?? seeded.seeded.groupId,
      boundMembers: boundUsers,
      departments: 20,
    });
    server = await listen(idp.app, port);
  } catch (err) {
    await idp.close();
    throw err;
  }
  const running = server;
  return {
    idp,
    url: running.url,
    appName: 'talentlms',
    boundUsers,
    password: idp.config.demoPassword,
    async close() {
      await running.close();
      await idp.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ScaleSp {
  sp: Sp;
  url: string;
  token: string;
  close(): Promise<void>;
}

/** An SP with SSO configured (SCIM needs it), SCIM on with a static token and no rate limit, and `users` SCIM users. */
export async function startScaleSp(db: BenchDatabase, users: number): Promise<ScaleSp> {
  const dir = mkdtempSync(join(tmpdir(), 'samlbridge-scale-sp-'));
  const port = await freePort();
  const sp = await createSp({
    env: {},
    config: {
      port,
      baseUrl: `http://localhost:${port}`,
      dataDir: dir,
      databaseUrl: db.url,
      logLevel: 'silent',
      scimToken: SCIM_TOKEN,
      scimRateLimitPerMinute: 0,
    },
  });
  const tenant = new URL(sp.config.baseUrl).hostname;
  await configurePlaceholderSso(sp);
  // Rows are keyed by the tenant ID (a dot-less host such as localhost is the default tenant).
  await seedSpUsers(db.target, tenantIdFromHost(tenant), users);
  const server = await listen(sp.app, port);
  return {
    sp,
    // The tenant is the request's host: the configured base URL, not the loopback address.
    url: sp.config.baseUrl,
    token: SCIM_TOKEN,
    async close() {
      await server.close();
      await sp.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
