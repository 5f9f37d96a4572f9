// `npm start`: starts the IdP and the TalentLMS-like SP with demo data and prints where to go.
// `npm start -- --no-demo`: the same two apps with nothing pre-configured (only the admin accounts from
// IDP_ADMIN_* / SP_ADMIN_*), so the integration article can be followed from an empty install.
// Every demo record is created through the products' own service layers (no SQL here).
import { parseStartOptions } from './start-options.js';

let options: ReturnType<typeof parseStartOptions>;
try {
  options = parseStartOptions(process.argv.slice(2));
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}

// The apps are loaded once the arguments are known good: a wrong one is answered without loading the workspace.
const [
  { createIdp, idpConfigSpec },
  { createSp, spConfigSpec },
  { listen },
  { orExit },
  { activateDemoProvisioning, provisioningBanner, wireDemo },
] = await Promise.all([
  import('@samlbridge/idp'),
  import('@samlbridge/sp-talentlms'),
  import('@samlbridge/web'),
  import('./or-exit.js'),
  import('./wire-demo.js'),
]);

const idp = await orExit(createIdp({ env: process.env }), 'idp');
const sp = await orExit(createSp({ env: process.env }), 'sp');

const wired = options.demo ? await wireDemo(idp, sp) : undefined;

const idpServer = await listen(idp.app, idp.config.port, '0.0.0.0', { graceMs: idp.config.shutdownGraceSeconds * 1000 });
const spServer = await listen(sp.app, sp.config.port, '0.0.0.0', { graceMs: sp.config.shutdownGraceSeconds * 1000 });
// SCIM provisioning live out of the box (verified over HTTP)
const provisioning = wired ? await activateDemoProvisioning(idp, sp) : undefined;

// Demo defaults are printed so a person can sign in at once; values set in the environment are not.
const shown = (value: string, setting: { env: string; default: unknown }) =>
  value === setting.default ? value : `(the value of ${setting.env})`;

if (!wired || !provisioning) {
  const defaults = [
    idp.config.adminPassword === idpConfigSpec.adminPassword.default ? 'IDP_ADMIN_PASSWORD' : '',
    sp.config.adminPassword === spConfigSpec.adminPassword.default ? 'SP_ADMIN_PASSWORD' : '',
  ].filter(Boolean);
  console.log(`
samlbridge is running with no demo data (--no-demo): follow the integration article from here.

  IdP admin portal   ${idp.config.baseUrl}/admin/
  IdP user console   ${idp.config.baseUrl}/userconsole/
  TalentLMS (SP)     ${sp.config.baseUrl}/
  SP SSO settings    ${sp.config.baseUrl}/account/users/sso

  IdP admin          ${idp.config.adminEmail} / ${shown(idp.config.adminPassword, idpConfigSpec.adminPassword)}
  SP admin           ${sp.config.adminUser} / ${shown(sp.config.adminPassword, spConfigSpec.adminPassword)}
${defaults.length ? `\n  Warning: ${defaults.join(' and ')} still have the demo default; set them in the environment.\n` : ''}
Listening on :${idpServer.port} (IdP) and :${spServer.port} (SP). Press Ctrl+C to stop.`);
} else {
  const { app } = wired;
  console.log(`
samlbridge is running.

  IdP user console   ${idp.config.baseUrl}/userconsole/
  IdP admin portal   ${idp.config.baseUrl}/admin/
  IdP metadata       ${idp.config.baseUrl}/saml2/${app.name}/metadata
  TalentLMS (SP)     ${sp.config.baseUrl}/
  SP-initiated SSO   ${sp.config.baseUrl}/index/ssologin/service:saml
  SP SSO settings    ${sp.config.baseUrl}/account/users/sso

  Demo user          ${idp.config.demoUser} / ${shown(idp.config.demoPassword, idpConfigSpec.demoPassword)}   (in "TalentLMS Users", bound to ${app.name})
  IdP admin          ${idp.config.adminEmail} / ${shown(idp.config.adminPassword, idpConfigSpec.adminPassword)}   API: x-api-key ${shown(idp.config.adminApiKey, idpConfigSpec.adminApiKey)}
  SP admin           ${sp.config.adminUser} / ${shown(sp.config.adminPassword, spConfigSpec.adminPassword)}   API: Bearer ${shown(sp.config.adminApiKey, spConfigSpec.adminApiKey)}
  IdP certificate    SHA-1 ${idp.signing.fingerprints.sha1}
${provisioningBanner(provisioning, app.name)}

Listening on :${idpServer.port} (IdP) and :${spServer.port} (SP). Press Ctrl+C to stop.`);
}

const stop = async () => {
  await Promise.allSettled([idpServer.close(), spServer.close()]);
  await Promise.allSettled([idp.close(), sp.close()]);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
