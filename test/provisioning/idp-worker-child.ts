// Child process for the crash test: an IdP on an existing data dir whose outbox worker pushes the
// queued changes until the parent kills it (SIGKILL, no clean shutdown).
import { createIdp } from '@samlbridge/idp';

const [dataDir] = process.argv.slice(2);
const idp = await createIdp({
  env: {},
  config: { dataDir, logLevel: 'silent', provisioningConcurrency: 4, provisioningLeaseSeconds: 2, provisioningPollMs: 50 },
});
process.send?.('ready');
setInterval(() => {}, 1 << 30);
void idp;
