// An IdP and an SP on free loopback ports from an EMPTY install: no demo application, group or user,
// no SSO settings at the SP. Only what a first start creates: the IdP's admin portal account
// (IDP_ADMIN_EMAIL / IDP_ADMIN_PASSWORD) and the SP's Super Admin (SP_ADMIN_USER / SP_ADMIN_PASSWORD).

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdp, type Idp } from '@samlbridge/idp';
import { createSp, type Sp } from '@samlbridge/sp-talentlms';
import { freePort } from '@samlbridge/test-support';
import { listen, type RunningServer } from '@samlbridge/web';
import { onLoopback, stopAll } from '../../support/loopback.js';

export interface EmptyStack {
  idp: Idp;
  sp: Sp;
  idpUrl: string;
  spUrl: string;
  idpAdmin: { email: string; password: string };
  spAdmin: { login: string; password: string };
  stop(): Promise<void>;
}

export async function startEmptyStack(): Promise<EmptyStack> {
  const dir = mkdtempSync(join(tmpdir(), 'samlbridge-empty-'));
  const [idpPort, spPort] = [await freePort(), await freePort()];
  const idpAdmin = { email: 'it-admin@example.com', password: 'portal-password-9' };
  const spAdmin = { login: 'lms.admin', password: 'lms-admin-password-9' };
  const quietOnLoopback = (port: number, folder: string) => ({ ...onLoopback(port, join(dir, folder)), logLevel: 'silent' as const });
  const idp = await createIdp({
    env: {},
    config: { ...quietOnLoopback(idpPort, 'idp'), adminEmail: idpAdmin.email, adminPassword: idpAdmin.password },
  });
  const sp = await createSp({
    env: {},
    config: { ...quietOnLoopback(spPort, 'sp'), adminUser: spAdmin.login, adminPassword: spAdmin.password },
  });
  const servers: RunningServer[] = [await listen(idp.app, idpPort), await listen(sp.app, spPort)];
  return {
    idp,
    sp,
    idpUrl: idp.config.baseUrl,
    spUrl: sp.config.baseUrl,
    idpAdmin,
    spAdmin,
    stop: () => stopAll(servers, [idp, sp], dir),
  };
}
