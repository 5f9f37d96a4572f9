// The metrics catalogue the README's operations section documents: the metrics both apps serve, and a check that
// an app's /metrics text serves every documented name (a `# TYPE` line) that the README names too.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** Metrics the IdP and the SP both serve (each app adds its own). */
export const METRICS_OF_BOTH_APPS = [
  'samlbridge_http_request_duration_seconds',
  'samlbridge_saml_signins_total',
  'samlbridge_login_throttle_locked',
  'samlbridge_certificate_expiry_days',
  'samlbridge_unavailable_responses_total',
] as const;

/** Every one of `names` is named in the README (as `name…`) and served in `metricsText` (its `# TYPE` line). */
export function expectDocumentedAndServed(metricsText: string, names: readonly string[]): void {
  for (const name of names) {
    expect(README, `README names ${name}`).to.contain(`\`${name}`);
    expect(metricsText, `/metrics serves ${name}`).to.match(new RegExp(`^# TYPE ${name} `, 'm'));
  }
}
