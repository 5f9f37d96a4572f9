// `npm start`: starts the IdP and the TalentLMS-like SP with demo data and prints where to go.
// Every demo record is created through the products' own service layers (no SQL here).
import { createIdp } from '@samlbridge/idp';
import { createSp } from '@samlbridge/sp-talentlms';
import { listen } from '@samlbridge/web';
import { wireDemo } from './wire-demo.js';

const idp = await createIdp({ env: process.env });
const sp = await createSp({ env: process.env });

const { app } = await wireDemo(idp, sp);

const idpServer = await listen(idp.app, idp.config.port, '0.0.0.0');
const spServer = await listen(sp.app, sp.config.port, '0.0.0.0');

console.log(`
samlbridge is running.

  IdP user console   ${idp.config.baseUrl}/userconsole/     (listening on :${idpServer.port})
  IdP metadata       ${idp.config.baseUrl}/saml2/${app.name}/metadata
  TalentLMS (SP)     ${sp.config.baseUrl}/                   (listening on :${spServer.port})
  SP-initiated SSO   ${sp.config.baseUrl}/index/ssologin/service:saml

  Demo user          ${idp.config.demoUser} / ${idp.config.demoPassword}   (member of "TalentLMS Users", bound to ${app.name})
  IdP admin          ${idp.config.adminEmail}   (API: x-api-key from IDP_ADMIN_API_KEY)
  SP admin           ${sp.config.adminUser}   (API: Authorization: Bearer from SP_ADMIN_API_KEY)
  IdP certificate    SHA-1 ${idp.signing.fingerprints.sha1}

Press Ctrl+C to stop.`);

const stop = async () => {
  await Promise.allSettled([idpServer.close(), spServer.close()]);
  await Promise.allSettled([idp.close(), sp.close()]);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
