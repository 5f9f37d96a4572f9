// `npm start`: starts the IdP and the TalentLMS-like SP with demo data and prints where to go.
// Every demo record is created through the products' own service layers (no SQL here).
import { createIdp, idpConfigSpec } from '@samlbridge/idp';
import { createSp, spConfigSpec } from '@samlbridge/sp-talentlms';
import { listen } from '@samlbridge/web';
import { activateDemoProvisioning, provisioningBanner, wireDemo } from './wire-demo.js';

const idp = await createIdp({ env: process.env });
const sp = await createSp({ env: process.env });

const { app } = await wireDemo(idp, sp);

const idpServer = await listen(idp.app, idp.config.port, '0.0.0.0', { graceMs: idp.config.shutdownGraceSeconds * 1000 });
const spServer = await listen(sp.app, sp.config.port, '0.0.0.0', { graceMs: sp.config.shutdownGraceSeconds * 1000 });
const provisioning = await activateDemoProvisioning(idp, sp); // SCIM provisioning live out of the box (verified over HTTP)

// Demo defaults are printed so a person can sign in at once; values set in the environment are not.
const shown = (value: string, setting: { env: string; default: unknown }) =>
  value === setting.default ? value : `(the value of ${setting.env})`;

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

const stop = async () => {
  await Promise.allSettled([idpServer.close(), spServer.close()]);
  await Promise.allSettled([idp.close(), sp.close()]);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
