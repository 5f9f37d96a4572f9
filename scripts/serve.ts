// Runs ONE instance of a product from its environment (IDP_* / SP_* variables), for deployments with
// several instances behind a load balancer and for the multi-instance test:
//
//   node --import tsx scripts/serve.ts idp    # one IdP instance (IDP_PORT, 0 = any free port)
//   node --import tsx scripts/serve.ts sp     # one SP instance (SP_PORT)
//   node --import tsx scripts/serve.ts seed   # demo data through the service layers (scripts/wire-demo.ts), then exit
//
// When listening it prints one JSON line on stdout: {"ready":"idp","port":4000,"url":"http://…"}.
// SERVE_HOST picks the interface (default 0.0.0.0). SIGTERM/SIGINT close the server and the store.
import { createIdp } from '@samlbridge/idp';
import { createSp } from '@samlbridge/sp-talentlms';
import { listen } from '@samlbridge/web';
import { wireDemo } from './wire-demo.js';

const role = process.argv[2];
const host = process.env.SERVE_HOST || '0.0.0.0';

async function serve(product: { app: Parameters<typeof listen>[0]; config: { port: number }; close(): Promise<void> }, name: string) {
  const server = await listen(product.app, product.config.port, host);
  console.log(JSON.stringify({ ready: name, port: server.port, url: server.url }));
  const stop = async () => {
    await server.close().catch(() => {});
    await product.close().catch(() => {});
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (role === 'idp') {
  await serve(await createIdp({ env: process.env }), 'idp');
} else if (role === 'sp') {
  await serve(await createSp({ env: process.env }), 'sp');
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
