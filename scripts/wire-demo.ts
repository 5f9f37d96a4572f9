// Wires a running IdP and SP together exactly as `npm start` does: the IdP gets the demo
// `talentlms` application, group and user; the SP's SSO settings trust the IdP's certificate;
// the SP's SCIM key and the IdP's Identity Management integration share a token.
// Used by scripts/start.ts and by the end-to-end tests, so both exercise the same set-up.
import { randomBytes } from 'node:crypto';
import type { Idp } from '@samlbridge/idp';
import { DEMO_APPLICATION, seedDemo } from '@samlbridge/idp';
import { DEFAULT_TENANT, type Sp } from '@samlbridge/sp-talentlms';

export type DemoTokenSource = 'SP_SCIM_TOKEN' | 'IDP_DEMO_SCIM_TOKEN' | 'generated';

/** Tokens generated for an SP in this process (between wireDemo and activateDemoProvisioning). */
const generated = new WeakMap<Sp, string>();

/**
 * The demo SCIM key: the SP's SP_SCIM_TOKEN, else the IdP's IDP_DEMO_SCIM_TOKEN, else a random
 * key for this data folder. The random key needs no file of its own: it is only used at the first
 * start, where the SP stores it hashed (seedScimToken) and the IdP encrypted (activation); later
 * starts find both already set and leave them alone.
 */
export function demoScimToken(idp: Idp, sp: Sp): { token: string; source: DemoTokenSource } {
  if (sp.config.scimToken) return { token: sp.config.scimToken, source: 'SP_SCIM_TOKEN' };
  if (idp.config.demoScimToken) return { token: idp.config.demoScimToken, source: 'IDP_DEMO_SCIM_TOKEN' };
  let token = generated.get(sp);
  if (!token) {
    token = `demo-${randomBytes(24).toString('base64url')}`;
    generated.set(sp, token);
  }
  return { token, source: 'generated' };
}

export async function wireDemo(idp: Idp, sp: Sp) {
  const spHost = new URL(sp.config.baseUrl).hostname;
  const spAcsUrl = `${sp.config.baseUrl}/simplesaml/module.php/saml/sp/saml2-acs.php/${spHost}`;
  const app = await seedDemo(idp, { spBaseUrl: sp.config.baseUrl, spEntityId: spHost, spAcsUrl });
  const current = await sp.services.sso.getSettings(spHost);
  if (!current.idpEntityId) {
    await sp.services.sso.updateSettings(spHost, {
      idpEntityId: app.idpEntityId,
      certificateFingerprints: [idp.signing.fingerprints.sha1],
      remoteSignInUrl: `${idp.config.baseUrl}/saml2/${app.name}`,
      remoteSignOutUrl: `${idp.config.baseUrl}/userconsole/`,
    });
  }
  // SCIM: at the SP's first start its key becomes the demo token (a no-op once the account has settings).
  await sp.services.account.seedScimToken(DEFAULT_TENANT, demoScimToken(idp, sp).token);
  return { app, spHost, spAcsUrl };
}

export interface DemoProvisioning {
  /** What happened at this start. */
  outcome: 'activated' | 'already_configured' | 'not_activated';
  active: boolean;
  baseUrl: string;
  source: DemoTokenSource;
  /** Why activation was refused (not_activated). */
  reason?: string;
}

/**
 * Once both apps listen: activates the IdP's Identity Management integration of `talentlms` with the
 * demo token (verified over HTTP like any activation), so provisioning is live out of the box.
 * First time only: an admin's later choices (deactivated, other token) are kept.
 */
export async function activateDemoProvisioning(idp: Idp, sp: Sp): Promise<DemoProvisioning> {
  const baseUrl = `${sp.config.baseUrl}/api/scim2`;
  const { token, source } = demoScimToken(idp, sp);
  const existing = await idp.provisioning.idm.get(DEMO_APPLICATION);
  if (existing.configured) return { outcome: 'already_configured', active: existing.active, baseUrl: existing.baseUrl ?? baseUrl, source };
  try {
    await idp.provisioning.idm.activate(DEMO_APPLICATION, { baseUrl, token }, 'system:demo');
    idp.logger.info({ application: DEMO_APPLICATION, baseUrl }, 'demo Identity Management (SCIM) integration activated');
    return { outcome: 'activated', active: true, baseUrl, source };
  } catch (err) {
    const reason = (err as Error).message;
    idp.logger.warn({ application: DEMO_APPLICATION, reason }, 'demo Identity Management integration not activated');
    return { outcome: 'not_activated', active: false, baseUrl, source, reason };
  }
}

const SOURCES: Record<DemoTokenSource, string> = {
  SP_SCIM_TOKEN: 'key from SP_SCIM_TOKEN',
  IDP_DEMO_SCIM_TOKEN: 'key from IDP_DEMO_SCIM_TOKEN',
  generated: 'random key generated for this data folder, stored hashed by the SP and encrypted by the IdP',
};

/** The banner's provisioning lines: how the IdP reaches the SP's SCIM API (never the token). */
export function provisioningBanner(p: DemoProvisioning, appName: string): string {
  const state =
    p.outcome === 'not_activated'
      ? `not activated: ${p.reason} Set it up on the IdP's Identity Management tab.`
      : p.active
        ? `active (${p.outcome === 'activated' ? SOURCES[p.source] : 'configured earlier; the admin portal manages it'})`
        : 'deactivated by an admin (reactivate it on the Identity Management tab)';
  return `  Provisioning       IdP "${appName}" Identity Management → SCIM ${p.baseUrl}\n                     ${state}`;
}
