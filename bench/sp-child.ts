// The SP for the provisioning benchmark, in its own process (its own core, as in production):
// SSO configured (SCIM requires it) and SP_SCIM_TOKEN as the SCIM key. Sends its URL when listening.
// An optional fourth argument is the database URL (bench/scale-provisioning.ts: PostgreSQL).
import { createSp } from '@samlbridge/sp-talentlms';
import { listen } from '@samlbridge/web';
import { configurePlaceholderSso } from './provisioning-setup.js';

const [dataDir, port, token, databaseUrl] = process.argv.slice(2) as [string, string, string, string | undefined];
const sp = await createSp({
  env: {},
  config: {
    port: Number(port),
    baseUrl: `http://localhost:${port}`,
    dataDir,
    logLevel: 'silent',
    scimToken: token,
    scimRateLimitPerMinute: 0,
    ...(databaseUrl ? { databaseUrl } : {}),
  },
});
await configurePlaceholderSso(sp);
await listen(sp.app, Number(port));
process.send?.(sp.config.baseUrl);
