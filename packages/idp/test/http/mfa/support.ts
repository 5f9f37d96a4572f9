// MFA over HTTP from a test: a clock the test moves, TOTP codes computed with otpauth, enrolment and sign-in steps.
import { expect } from 'chai';
import { Secret, TOTP } from 'otpauth';
import type { Client } from '../../helpers/client.js';
import { DEMO_PASSWORD } from '../../helpers/harness.js';
import { inputValue, unescapeHtml } from '../../helpers/html.js';

/** Real time plus an offset the test sets (AuthnRequests built with `new Date()` stay fresh). */
export class TestClock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  /** Moves to the start of the next 30-second step, plus `intoStepMs` (codes of the new step only). */
  nextStep(intoStepMs = 1000): void {
    const t = this.now().getTime();
    this.offsetMs += 30_000 - (t % 30_000) + intoStepMs;
  }
}

export function totpCode(secret: string, at: Date): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at.getTime() });
}

export function secretOf(page: string): string {
  const m = /<code class="secret" data-totp-secret>([A-Z2-7]+)<\/code>/.exec(page);
  if (!m?.[1]) throw new Error('no TOTP secret on the page');
  return m[1];
}

export function uriOf(page: string): string {
  const m = /<code data-totp-uri>([^<]+)<\/code>/.exec(page);
  return unescapeHtml(m?.[1] ?? '');
}

export function recoveryCodesOf(page: string): string[] {
  return [...page.matchAll(/<li><code>([a-z0-9]{5}-[a-z0-9]{5})<\/code><\/li>/g)].map((m) => m[1] as string);
}

/** Password on the login form; returns the response (a redirect to /login/mfa when a factor step follows). */
export async function password(client: Client, path: string, username = 'demo.user', pw = DEMO_PASSWORD): Promise<Response> {
  const page = await (await client.get(path)).text();
  const form: Record<string, string> = { _csrf: inputValue(page, '_csrf') ?? '', username, password: pw };
  const flow = inputValue(page, 'flow');
  const next = inputValue(page, 'next');
  if (flow) form.flow = flow;
  if (next) form.next = next;
  return client.post('/login', form);
}

/** Posts one step of /login/mfa with the hidden fields of the page at `path`. */
export async function mfaStep(client: Client, path: string, fields: Record<string, string>): Promise<Response> {
  const page = await (await client.get(path)).text();
  return postStep(client, page, fields);
}

export function postStep(client: Client, page: string, fields: Record<string, string>, action = '/login/mfa'): Promise<Response> {
  const form: Record<string, string> = { _csrf: inputValue(page, '_csrf') ?? '' };
  const flow = inputValue(page, 'flow');
  const next = inputValue(page, 'next');
  if (flow) form.flow = flow;
  if (next) form.next = next;
  return client.post(action, { ...form, ...fields });
}

/** Adds an authenticator app from the Security page of a signed-in client: the secret and the recovery codes shown. */
export async function enrolFromSecurityPage(client: Client, clock: TestClock): Promise<{ secret: string; recoveryCodes: string[] }> {
  const page = await (await client.get('/userconsole/security/totp')).text();
  const secret = secretOf(page);
  const res = await postStep(client, page, { code: totpCode(secret, clock.now()) }, '/userconsole/security/totp');
  expect(res.status).to.equal(200);
  const codes = recoveryCodesOf(await res.text());
  expect(codes).to.have.length(10);
  return { secret, recoveryCodes: codes };
}
