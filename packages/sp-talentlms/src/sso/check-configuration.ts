// "Save and check configuration": tests a tenant's SSO settings against the IdP's metadata and says,
// per check, what is fine and what a person has to change. Pure apart from the injected fetch and clock.
import { X509Certificate } from 'node:crypto';
import {
  fingerprintMatches,
  fingerprints,
  type IdpMetadataFacts,
  type NormalizedFingerprint,
  normalizeFingerprint,
  pemToDer,
  readIdpMetadata,
} from '@samlbridge/protocol';
import { readBoundedBody } from '@samlbridge/web';
import type { SsoSettings } from './settings.js';

export type CheckStatus = 'ok' | 'problem' | 'warning';

export interface ConfigurationCheck {
  /** Stable identifier (tests, data attributes): metadata, entity-id, certificate, sign-in-url, certificate-validity, sign-out-url. */
  id: string;
  label: string;
  status: CheckStatus;
  /** A sentence a person can act on. */
  message: string;
}

export interface ConfigurationReport {
  metadataUrl: string;
  /** True when no check is a problem (warnings allowed). */
  ok: boolean;
  checks: ConfigurationCheck[];
}

export interface CheckOptions {
  /** Injected for tests; Node's global fetch otherwise. */
  fetch?: typeof fetch;
  now: Date;
  timeoutMs?: number;
  maxBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_MAX_BYTES = 256 * 1024;
const DAY_MS = 24 * 3600 * 1000;

/** The configured metadata URL, else our IdP's convention: the SSO IdP URL + `/metadata`. */
export function metadataUrlFor(settings: SsoSettings): string {
  if (settings.idpMetadataUrl) return settings.idpMetadataUrl;
  return settings.remoteSignInUrl ? `${settings.remoteSignInUrl.replace(/\/+$/, '')}/metadata` : '';
}

const ok = (id: string, label: string, message: string): ConfigurationCheck => ({ id, label, status: 'ok', message });
const problem = (id: string, label: string, message: string): ConfigurationCheck => ({ id, label, status: 'problem', message });
const warning = (id: string, label: string, message: string): ConfigurationCheck => ({ id, label, status: 'warning', message });

function configuredFingerprints(settings: SsoSettings): NormalizedFingerprint[] {
  const out: NormalizedFingerprint[] = [];
  for (const f of settings.certificateFingerprints) {
    try {
      out.push(normalizeFingerprint(f));
    } catch {
      // validateSettings refuses bad fingerprints; a stored one that no longer parses simply matches nothing.
    }
  }
  for (const block of settings.certificatePem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []) {
    out.push(normalizeFingerprint(fingerprints(pemToDer(block)).sha256));
  }
  return out;
}

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}

/** The checks that compare the settings with metadata already read (no I/O). */
export function checkAgainstMetadata(settings: SsoSettings, facts: IdpMetadataFacts, now: Date): ConfigurationCheck[] {
  const checks: ConfigurationCheck[] = [];

  const entityLabel = 'Identity provider (IdP)';
  if (!settings.idpEntityId)
    checks.push(problem('entity-id', entityLabel, `Enter the IdP Entity ID: the metadata says ${facts.entityId}.`));
  else if (settings.idpEntityId === facts.entityId)
    checks.push(ok('entity-id', entityLabel, `Matches the metadata's entity ID ${facts.entityId}.`));
  else
    checks.push(
      problem(
        'entity-id',
        entityLabel,
        `"${settings.idpEntityId}" is not the IdP's entity ID: the metadata says ${facts.entityId}. Responses from this IdP would be refused (wrong Issuer).`,
      ),
    );

  const certLabel = 'Certificate fingerprint';
  const expected = configuredFingerprints(settings);
  const current = facts.signingCertificates[0];
  if (facts.signingCertificates.length === 0) {
    checks.push(
      problem('certificate', certLabel, 'The metadata has no signing certificate, so nothing can be compared: ask the IdP administrator.'),
    );
  } else if (expected.length === 0) {
    checks.push(
      problem(
        'certificate',
        certLabel,
        `Enter the certificate fingerprint: the IdP signs with the certificate whose SHA-1 fingerprint is ${fingerprints(current as Buffer).sha1}.`,
      ),
    );
  } else if (facts.signingCertificates.some((der) => fingerprintMatches(der, expected))) {
    checks.push(
      ok('certificate', certLabel, "A configured fingerprint (or certificate) matches the IdP's signing certificate in the metadata."),
    );
  } else {
    checks.push(
      problem(
        'certificate',
        certLabel,
        `No configured fingerprint or certificate matches the IdP's signing certificate (SHA-1 ${fingerprints(current as Buffer).sha1}): download the certificate again from the IdP and paste its fingerprint. Sign-ins would fail the signature check.`,
      ),
    );
  }

  const urlLabel = 'Remote sign-in URL';
  if (!settings.remoteSignInUrl)
    checks.push(
      problem('sign-in-url', urlLabel, `Enter the remote sign-in URL: the metadata lists ${facts.ssoLocations.join(', ') || 'none'}.`),
    );
  else if (facts.ssoLocations.some((l) => sameUrl(l, settings.remoteSignInUrl)))
    checks.push(ok('sign-in-url', urlLabel, "Is one of the IdP's single sign-on service locations."));
  else
    checks.push(
      problem(
        'sign-in-url',
        urlLabel,
        `${settings.remoteSignInUrl} is not a single sign-on location of this IdP; the metadata lists ${facts.ssoLocations.join(', ') || 'none'}. "Sign in with SSO" would send people to the wrong place.`,
      ),
    );

  const validityLabel = 'IdP certificate validity';
  if (current) {
    try {
      const x509 = new X509Certificate(current);
      const from = new Date(x509.validFrom);
      const to = new Date(x509.validTo);
      const daysLeft = Math.floor((to.getTime() - now.getTime()) / DAY_MS);
      const until = to.toISOString().slice(0, 10);
      if (now < from)
        checks.push(
          problem(
            'certificate-validity',
            validityLabel,
            `The IdP certificate is not valid before ${from.toISOString().slice(0, 10)}: check the clocks of both servers.`,
          ),
        );
      else if (now > to)
        checks.push(
          problem(
            'certificate-validity',
            validityLabel,
            `The IdP certificate expired on ${until}: ask the IdP administrator to rotate it, then update the fingerprint.`,
          ),
        );
      else if (daysLeft < 30)
        checks.push(
          warning(
            'certificate-validity',
            validityLabel,
            `The IdP certificate expires in ${daysLeft} days (${until}): add the next certificate's fingerprint on a second line before then.`,
          ),
        );
      else checks.push(ok('certificate-validity', validityLabel, `Valid until ${until}.`));
    } catch {
      checks.push(
        problem(
          'certificate-validity',
          validityLabel,
          'The certificate in the metadata could not be read as X.509: ask the IdP administrator.',
        ),
      );
    }
  }

  if (!settings.remoteSignOutUrl)
    checks.push(
      warning(
        'sign-out-url',
        'Remote sign-out URL',
        "Empty: people who sign out land on this site's sign-in page. Enter the IdP user console URL to send them there.",
      ),
    );
  return checks;
}

/** Reads at most `maxBytes` of the body; beyond that the metadata is refused (no unbounded buffering). */
async function readLimited(res: Response, maxBytes: number): Promise<string> {
  const body = await readBoundedBody(res, maxBytes);
  if (body === undefined) throw new Error(`The metadata is larger than ${maxBytes / 1024} KiB.`);
  return body;
}

/** Fetches the IdP metadata and runs every check. Never throws: a failure is a reported problem. */
export async function checkConfiguration(settings: SsoSettings, options: CheckOptions): Promise<ConfigurationReport> {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const metadataUrl = metadataUrlFor(settings);
  const label = 'IdP metadata';
  const report = (checks: ConfigurationCheck[]): ConfigurationReport => ({
    metadataUrl,
    ok: checks.every((c) => c.status !== 'problem'),
    checks,
  });

  if (!metadataUrl)
    return report([problem('metadata', label, 'Enter the remote sign-in URL (or an IdP metadata URL) so the settings can be checked.')]);
  let url: URL;
  try {
    url = new URL(metadataUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
  } catch {
    return report([problem('metadata', label, `${metadataUrl} is not an http(s) URL: enter the IdP metadata URL.`)]);
  }

  let xml: string;
  try {
    const res = await doFetch(url, {
      headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml' },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'follow',
    });
    if (!res.ok) {
      await res.body?.cancel();
      return report([
        problem(
          'metadata',
          label,
          `${metadataUrl} answered HTTP ${res.status}: check the remote sign-in URL, or enter the IdP metadata URL.`,
        ),
      ]);
    }
    xml = await readLimited(res, maxBytes);
  } catch (err) {
    const e = err as Error;
    const why =
      e.name === 'TimeoutError' || e.name === 'AbortError'
        ? `did not answer within ${timeoutMs / 1000} s`
        : e.message.startsWith('The metadata')
          ? e.message
          : 'could not be reached';
    return report([
      problem(
        'metadata',
        label,
        `${metadataUrl} ${why.startsWith('The metadata') ? `was refused: ${why}` : why}. Check the URL and that this server can reach the IdP.`,
      ),
    ]);
  }

  let facts: IdpMetadataFacts;
  try {
    facts = readIdpMetadata(xml, maxBytes);
  } catch (err) {
    return report([problem('metadata', label, `${metadataUrl} did not return usable SAML metadata: ${(err as Error).message}`)]);
  }
  return report([ok('metadata', label, `Read from ${metadataUrl}.`), ...checkAgainstMetadata(settings, facts, options.now)]);
}
