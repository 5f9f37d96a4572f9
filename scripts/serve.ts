// Runs ONE instance of a product from its environment (IDP_* / SP_* variables), for deployments with
// several instances behind a load balancer and for the multi-instance test:
//
//   node --import tsx scripts/serve.ts idp    # one IdP instance (IDP_PORT, 0 = any free port)
//   node --import tsx scripts/serve.ts sp     # one SP instance (SP_PORT)
//   node --import tsx scripts/serve.ts seed   # demo data through the service layers (scripts/wire-demo.ts), then exit
//
// When listening it prints one JSON line on stdout: {"ready":"idp","port":4000,"url":"http://…"}.
// SERVE_HOST picks the interface (default 0.0.0.0). SIGTERM/SIGINT stop gracefully: no new connections, requests in
// flight finish within IDP_/SP_SHUTDOWN_GRACE_SECONDS, the outbox worker finishes its deliveries and hands back its
// leases, the store closes, exit 0. A product that cannot start (e.g. a read-only database) prints why and exits 1.
import { createIdp } from '@samlbridge/idp';
import { createSp } from '@samlbridge/sp-talentlms';
import { listen } from '@samlbridge/web';
import { orExit } from './or-exit.js';
import { wireDemo } from './wire-demo.js';

const role = process.argv[2];
const host = process.env.SERVE_HOST || '0.0.0.0';

type Product = { app: Parameters<typeof listen>[0]; config: { port: number; shutdownGraceSeconds: number }; close(): Promise<void> };

async function serve(product: Product, name: string) {
  const server = await listen(product.app, product.config.port, host, { graceMs: product.config.shutdownGraceSeconds * 1000 });
  console.log(JSON.stringify({ ready: name, port: server.port, url: server.url }));
  const stop = async () => {
    // Stopping goes on whatever fails: the process exits either way, and says what did not close cleanly.
    await server.close().catch((err: unknown) => console.error(`${name}: closing the server: ${(err as Error)?.message ?? err}`));
    await product
      .close()
      .catch((err: unknown) => console.error(`${name}: closing the store and workers: ${(err as Error)?.message ?? err}`));
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (role === 'idp') {
  await serve(await orExit(createIdp({ env: process.env }), 'idp'), 'idp');
} else if (role === 'sp') {
  await serve(await orExit(createSp({ env: process.env }), 'sp'), 'sp');
} else if (role === 'seed') {
  const idp = await createIdp({ env: process.env });
  const sp = await createSp({ env: process.env });
  try {
    const { app, spHost } = await wireDemo(idp, sp);
    console.log(JSON.stringify({ seeded: app.name, spHost }));
  } finally {
    await Promise.allSettled([idp.close(), sp.close()]);
  }
} else {
  console.error('usage: serve.ts idp | sp | seed');
  process.exitCode = 2;
}
