// The IdP for the HTTP benchmarks (SSO endpoint, password sign-ins, soak), in its own process as in
// production: the load generator does not share its event loop, and its RSS is its own. The demo
// application, group and user are seeded, plus `passwordUsers` more members of the group (password
// sign-in bench). Sends { url, appName, username, password, users, userPassword } when listening. Answers the
// message 'memory' with process.memoryUsage() taken after a full GC (the parent runs it with --expose-gc),
// 'cpu' with process.cpuUsage().
//   argv: dataDir port passwordUsers
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { createIdp, seedDemo } from '@samlbridge/idp';
import { listen } from '@samlbridge/web';

// BENCH_COUNT_STATEMENTS=1: every SQLite statement run is counted ('statements' answers the count so far).
let statements = 0;
if (process.env.BENCH_COUNT_STATEMENTS) {
  const Sqlite = createRequire(import.meta.url)('better-sqlite3');
  const proto = Object.getPrototypeOf(new Sqlite(':memory:').prepare('select 1'));
  for (const method of ['run', 'all', 'get', 'iterate']) {
    const original = proto[method];
    proto[method] = function (this: unknown, ...args: unknown[]) {
      statements++;
      return original.apply(this, args);
    };
  }
}

const [dataDir, port, passwordUsers] = process.argv.slice(2) as [string, string, string];
const BENCH_PASSWORD = 'bench-password-0123456789';

const idp = await createIdp({
  // The benches start thousands of sign-ins from one address: the per-address cap on pending sign-ins (a defence
  // against filling the database) would answer 429 on a fast machine.
  env: { IDP_PENDING_SIGNINS_PER_IP: '1000000' },
  config: { port: Number(port), baseUrl: `http://localhost:${port}`, dataDir, logLevel: 'silent' },
});
const app = await seedDemo(idp, {
  spBaseUrl: 'http://localhost:9',
  spEntityId: 'localhost',
  spAcsUrl: 'http://localhost:9/simplesaml/module.php/saml/sp/saml2-acs.php/localhost',
});
const users: string[] = [];
await Promise.all(
  Array.from({ length: Number(passwordUsers) }, async (_, i) => {
    const u = await idp.services.directory.createUser({
      username: `signin${i}`,
      email: `signin${i}@example.com`,
      firstName: 'Sign',
      lastName: `In ${i}`,
      password: BENCH_PASSWORD,
    });
    await idp.services.directory.addMember(app.seeded.groupId, u.id);
    users.push(u.username);
  }),
);
const server = await listen(idp.app, Number(port));

process.on('message', (m) => {
  if (m === 'memory') {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    process.send?.({ memory: process.memoryUsage(), gc: gc !== undefined });
  } else if (m === 'heap-snapshot') {
    // A leak hunt: `BENCH_SOAK_SNAPSHOTS=1` writes one after the warm-up and one at the end (compare them in DevTools).
    (globalThis as { gc?: () => void }).gc?.();
    process.send?.({ file: writeHeapSnapshot(join(dataDir, '..', `idp-${Date.now()}.heapsnapshot`)) });
  } else if (m === 'profile-start' || (typeof m === 'object' && m !== null && 'profileStop' in m)) {
    // bench/sso-endpoint.ts --profile: a CPU profile of the measured load only (not start-up and seeding).
    void profileMessage(m as 'profile-start' | { profileStop: string }).then((answer) => process.send?.(answer));
  } else if (m === 'statements') {
    process.send?.({ statements });
  } else if (m === 'cpu') {
    process.send?.({ cpu: process.cpuUsage() });
  } else if (m === 'stop') {
    void server
      .close()
      .then(() => idp.close())
      .then(() => process.exit(0));
  }
});
let profiler: Session | undefined;
async function profileMessage(m: 'profile-start' | { profileStop: string }): Promise<{ profile: string | null }> {
  if (m === 'profile-start') {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
    return { profile: null };
  }
  const { profile } = await (profiler as Session).post('Profiler.stop');
  writeFileSync(m.profileStop, JSON.stringify(profile));
  profiler?.disconnect();
  return { profile: m.profileStop };
}

process.send?.({
  url: idp.config.baseUrl,
  appName: app.name,
  username: idp.config.demoUser,
  password: idp.config.demoPassword,
  users,
  userPassword: BENCH_PASSWORD,
});
