// The demo application of a running stack: the IdP's record of the TalentLMS-like SP, and the SP's endpoints the
// Single Logout tests point it at.
import type { Stack } from './stack.js';

/** The demo application's id at the stack's IdP (the TalentLMS tile); fails when the demo data is missing. */
export async function demoApplicationId(stack: Stack): Promise<string> {
  const app = await stack.idp.services.directory.findApplicationByName(stack.appName);
  if (!app) throw new Error(`the demo application "${stack.appName}" is missing at the IdP`);
  return app.id;
}

/** The SP's Single Logout endpoint (saml-profiles §4.4), front channel; `/soap` after it is the back channel. */
export function spSingleLogoutUrl(stack: Stack): string {
  return `${stack.spUrl}/simplesaml/module.php/saml/sp/saml2-logout.php/${new URL(stack.spUrl).hostname}`;
}

/**
 * A user created through the IdP's admin API in no group, so in none of the groups the demo application is bound
 * to: it may sign in at the IdP but not to the application. Returns the sign-in.
 */
export async function userOutsideEveryGroup(stack: Stack, username: string): Promise<{ username: string; password: string }> {
  const password = `${username}-password-1`;
  const created = await fetch(`${stack.idpUrl}/api/users`, {
    method: 'POST',
    headers: { 'x-api-key': stack.idp.config.adminApiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ username, email: `${username}@example.com`, firstName: 'No', lastName: 'Group', password }),
  });
  if (created.status !== 201) throw new Error(`creating ${username} at the IdP answered ${created.status}: ${await created.text()}`);
  return { username, password };
}
