// The SP for the provisioning benchmark, in its own process (its own core, as in production):
// SSO configured (SCIM requires it) and SP_SCIM_TOKEN as the SCIM key. Sends its URL when listening.
// An optional fourth argument is the database URL (bench/scale-provisioning.ts: PostgreSQL).
import { createSp } from '@samlbridge/sp-talentlms';
import { listen } from '@samlbridge/web';

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
const host = new URL(sp.config.baseUrl).hostname;
await sp.services.sso.updateSettings(host, {
  idpEntityId: 'http://localhost/saml2/talentlms',
  certificateFingerprints: ['00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33'],
  remoteSignInUrl: 'http://localhost/saml2/talentlms',
  remoteSignOutUrl: 'http://localhost/userconsole/',
});
await listen(sp.app, Number(port));
process.send?.(sp.config.baseUrl);
