// The IdP for the HTTP benchmarks (SSO endpoint, password sign-ins, soak), in its own process as in
// production: the load generator does not share its event loop, and its RSS is its own. The demo
// application, group and user are seeded, plus `passwordUsers` more members of the group (password
// sign-in bench). Sends { url, appName, username, password, users, userPassword } when listening. Answers the
// message 'memory' with process.memoryUsage() taken after a full GC (the parent runs it with --expose-gc),
// 'cpu' with process.cpuUsage().
//   argv: dataDir port passwordUsers
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { createIdp, seedDemo } from '@samlbridge/idp';
import { listen } from '@samlbridge/web';

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
  } else if (m === 'cpu') {
    process.send?.({ cpu: process.cpuUsage() });
  } else if (m === 'stop') {
    void server
      .close()
      .then(() => idp.close())
      .then(() => process.exit(0));
  }
});
process.send?.({
  url: idp.config.baseUrl,
  appName: app.name,
  username: idp.config.demoUser,
  password: idp.config.demoPassword,
  users,
  userPassword: BENCH_PASSWORD,
});
