// Importing a service provider's metadata into an application (saml-metadata §2.4.4): pasted XML, or a URL fetched
// on demand (http(s) only, no redirects, bounded in size and time). `plan` shows what would change (field, current,
// new) without saving; `apply` saves exactly that plan through the directory service (same validation as the API).
import { BINDING, NAMEID_FORMAT, readSpMetadata, SamlbridgeError, type SpMetadataFacts } from '@samlbridge/protocol';
import { type Clock, readBoundedBody } from '@samlbridge/web';
import { adminError } from '../admin-errors.js';
import { type AssertionEncryptionSettings, NO_ASSERTION_ENCRYPTION } from '../store/assertion-encryption.js';
import type { SingleLogoutRepository } from '../store/single-logout.js';
import type { SingleLogoutSettings } from '../store/single-logout-types.js';
import type { SloSoapEndpointRepository } from '../store/slo-soap-endpoints.js';
import type { ApplicationDetail, UpdateApplicationInput } from './directory-applications.js';
import { readSpCertificates } from './sp-certificates.js';
import { planAssertionEncryption } from './sp-metadata-encryption.js';
import { planSingleLogout } from './sp-metadata-slo.js';

export interface MetadataImportInput {
  /** The metadata document, pasted. */
  xml?: string;
  /** Or where to fetch it (http or https). */
  url?: string;
  /** Which service provider of a document that describes several. */
  entityId?: string;
}

export interface MetadataChange {
  field: string;
  current: string;
  new: string;
}

export interface MetadataImportPlan {
  entityId: string;
  /** The document the plan was made from (the portal's save step sends it back, so what is saved is what was shown). */
  xml: string;
  changes: MetadataChange[];
  /** Read but not stored: the application has no field for it. */
  notApplied: MetadataChange[];
  warnings: string[];
  update: UpdateApplicationInput;
  /** "Encrypt assertion" from a KeyDescriptor use="encryption" (sp-metadata-encryption.ts); undefined: unchanged. */
  encryption?: Pick<AssertionEncryptionSettings, 'encryptAssertion' | 'spEncryptionCertificatePem'>;
  /** The application's Single Logout settings from the SP's SingleLogoutService (absent: none usable, kept as they are). */
  singleLogout?: SingleLogoutSettings;
  /** The application's SOAP (back-channel) SLO URL from a SOAP SingleLogoutService (absent: none listed, kept). */
  sloSoapUrl?: string;
}

export interface MetadataImportDeps {
  directory: {
    getApplication(id: string): Promise<ApplicationDetail>;
    updateApplication(id: string, input: UpdateApplicationInput): Promise<ApplicationDetail>;
  };
  /** The application's "Encrypt assertion" settings (services/assertion-encryption.ts). */
  assertionEncryption?: {
    get(applicationId: string): Promise<AssertionEncryptionSettings>;
    update(applicationId: string, input: unknown): Promise<AssertionEncryptionSettings>;
  };
  clock: Clock;
  /** Where the application's Single Logout settings live. */
  singleLogout: Pick<SingleLogoutRepository, 'getSettings' | 'putSettings'>;
  /** Where the application's SOAP SLO URL lives. */
  sloSoapEndpoints?: SloSoapEndpointRepository;
  /** Fetch bounds. */
  timeoutMs?: number;
  maxBytes?: number;
}

export const METADATA_MAX_BYTES = 512 * 1024;
export const METADATA_TIMEOUT_MS = 5_000;
const KNOWN_NAMEID_FORMATS: readonly string[] = Object.values(NAMEID_FORMAT);
const BINDING_NAME: Record<string, string> = { [BINDING.post]: 'HTTP-POST', [BINDING.redirect]: 'HTTP-Redirect' };
const bindingName = (b: string) => BINDING_NAME[b] ?? b;

/** GET `raw` with no redirects, a deadline and a size limit. */
export async function fetchMetadata(raw: string, { timeoutMs = METADATA_TIMEOUT_MS, maxBytes = METADATA_MAX_BYTES } = {}): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw adminError('metadata_fetch_failed', `"${raw}" is not a URL: enter the full metadata URL, e.g. https://sp.example.com/metadata.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw adminError('metadata_fetch_failed', `Only http and https metadata URLs can be fetched (this one is ${url.protocol}).`);
  }
  let res: Response;
  try {
    res = await fetch(url, {
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml' },
    });
  } catch (err) {
    const timedOut = (err as Error).name === 'TimeoutError';
    throw adminError(
      'metadata_fetch_failed',
      timedOut
        ? `${url.origin} did not answer within ${timeoutMs / 1000} s.`
        : `${url.origin} could not be reached (${(err as Error).message}).`,
    );
  }
  if (res.status >= 300 && res.status < 400) {
    await res.body?.cancel();
    throw adminError(
      'metadata_fetch_failed',
      `The metadata URL answers with a redirect (${res.status}); redirects are not followed: enter the URL it points to.`,
    );
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw adminError('metadata_fetch_failed', `The metadata URL answered HTTP ${res.status}.`);
  }
  const body = await readBoundedBody(res, maxBytes);
  if (body === undefined)
    throw adminError('metadata_fetch_failed', `The metadata at this URL is larger than ${Math.round(maxBytes / 1024)} KiB.`);
  return body;
}

function pemOf(certificates: readonly string[]): string {
  return certificates.map((c) => c.trim()).join('\n');
}

/** What the application's fields become; every difference and every reason to look twice. */
export function planFrom(
  app: ApplicationDetail,
  facts: SpMetadataFacts,
  xml: string,
  now: Date,
  encryption: AssertionEncryptionSettings = NO_ASSERTION_ENCRYPTION,
  currentSingleLogout?: SingleLogoutSettings,
  currentSoapUrl = '',
): MetadataImportPlan {
  const warnings: string[] = [];
  const update: UpdateApplicationInput = {};
  const changes: MetadataChange[] = [];
  const change = (field: string, current: string, next: string) => {
    if (current !== next) changes.push({ field, current, new: next });
  };

  update.spEntityId = facts.entityId;
  change('spEntityId', app.spEntityId, facts.entityId);

  // The IdP answers with the HTTP-POST binding only (saml-profiles §4.1.4.5); the list position is the
  // AssertionConsumerServiceIndex an AuthnRequest may name, so the list is in index order.
  const posts = facts.assertionConsumerServices.filter((a) => a.binding === BINDING.post).sort((a, b) => a.index - b.index);
  for (const a of facts.assertionConsumerServices.filter((x) => x.binding !== BINDING.post)) {
    warnings.push(
      `AssertionConsumerService ${a.location} (index ${a.index}, ${bindingName(a.binding)}) is skipped: this IdP sends Responses with HTTP-POST only.`,
    );
  }
  if (posts.length === 0) {
    throw adminError(
      'metadata_invalid',
      'The service provider metadata has no AssertionConsumerService with the HTTP-POST binding, the only one this IdP sends Responses with.',
    );
  }
  if (posts.some((a, i) => a.index !== i)) {
    warnings.push(
      `The ACS indexes (${posts.map((a) => a.index).join(', ')}) are not 0, 1, 2…: an AuthnRequest naming an AssertionConsumerServiceIndex gets the URL at that position of the list.`,
    );
  }
  const byDefault = posts.find((a) => a.isDefault);
  if (byDefault && byDefault !== posts[0]) {
    warnings.push(
      `The metadata marks ${byDefault.location} (index ${byDefault.index}) as the default ACS; this IdP uses the first URL of the list (index ${posts[0]?.index}) when a request names none.`,
    );
  }
  update.acsUrls = posts.map((a) => a.location);
  if (app.acsUrls.join('\n') !== update.acsUrls.join('\n')) {
    const listed = (urls: readonly string[]) => urls.map((u, i) => `[${i}] ${u}`).join('\n');
    changes.push({ field: 'acsUrls', current: listed(app.acsUrls), new: listed(update.acsUrls) });
  }

  const format = facts.nameIdFormats.find((f) => KNOWN_NAMEID_FORMATS.includes(f));
  if (format) {
    update.nameIdFormat = format;
    change('nameIdFormat', app.nameIdFormat, format);
  }
  for (const f of facts.nameIdFormats.filter((x) => x !== format)) {
    warnings.push(
      `NameIDFormat ${f} is ${KNOWN_NAMEID_FORMATS.includes(f) ? 'listed after the one applied' : 'not one this IdP produces'}: not applied.`,
    );
  }

  if (facts.signingCertificates.length > 0) {
    const pem = pemOf(facts.signingCertificates);
    update.spCertificatePem = pem;
    const checked = readSpCertificates(pem);
    const describe = (text: string) => {
      const r = readSpCertificates(text);
      return r.ok
        ? r.certificates.map((c) => `${c.subject} (SHA-256 ${c.sha256}, until ${c.notAfter.toISOString().slice(0, 10)})`).join('\n')
        : '';
    };
    change('spCertificatePem', describe(app.spCertificatePem), describe(pem));
    if (checked.ok) {
      for (const c of checked.certificates.filter((x) => x.notAfter.getTime() <= now.getTime())) {
        warnings.push(`The signing certificate ${c.subject} (SHA-256 ${c.sha256}) expired on ${c.notAfter.toISOString().slice(0, 10)}.`);
      }
    }
  }
  if (facts.authnRequestsSigned && facts.signingCertificates.length > 0) {
    update.requireSignedRequests = true;
    change('requireSignedRequests', String(app.requireSignedRequests), 'true');
  } else if (facts.authnRequestsSigned) {
    warnings.push('The metadata says AuthnRequests are signed but holds no signing certificate: signed requests are not required.');
  }

  const slo = planSingleLogout(currentSingleLogout, facts.singleLogoutServices, currentSoapUrl);
  changes.push(...slo.changes);
  warnings.push(...slo.warnings);

  const notApplied: MetadataChange[] = [];
  const encrypting = planAssertionEncryption(encryption, facts, now);
  changes.push(...encrypting.changes);
  warnings.push(...encrypting.warnings);
  return {
    entityId: facts.entityId,
    xml,
    changes,
    notApplied,
    warnings,
    update,
    ...(encrypting.settings ? { encryption: encrypting.settings } : {}),
    ...(slo.settings ? { singleLogout: slo.settings } : {}),
    ...(slo.soapUrl !== undefined ? { sloSoapUrl: slo.soapUrl } : {}),
  };
}

export function createMetadataImport({
  directory,
  assertionEncryption,
  clock,
  singleLogout,
  sloSoapEndpoints,
  timeoutMs,
  maxBytes = METADATA_MAX_BYTES,
}: MetadataImportDeps) {
  async function read(input: MetadataImportInput): Promise<{ xml: string; facts: SpMetadataFacts }> {
    const pasted = input.xml?.trim() ?? '';
    const url = input.url?.trim() ?? '';
    if (!pasted && !url) throw adminError('metadata_invalid', 'Paste the service provider metadata (XML) or enter its URL.');
    const xml = pasted || (await fetchMetadata(url, { maxBytes, ...(timeoutMs ? { timeoutMs } : {}) }));
    try {
      return { xml, facts: readSpMetadata(xml, { maxBytes, ...(input.entityId ? { entityId: input.entityId.trim() } : {}) }) };
    } catch (err) {
      if (err instanceof SamlbridgeError) throw adminError('metadata_invalid', err.message, { cause: err });
      throw err;
    }
  }

  async function plan(applicationId: string, input: MetadataImportInput): Promise<MetadataImportPlan> {
    const app = await directory.getApplication(applicationId);
    if (app.kind !== 'saml') throw adminError('metadata_invalid', 'A bookmark has no SAML settings to import metadata into.');
    const { xml, facts } = await read(input);
    return planFrom(
      app,
      facts,
      xml,
      clock.now(),
      await assertionEncryption?.get(app.id),
      await singleLogout.getSettings(app.id),
      (await sloSoapEndpoints?.get(app.id)) ?? '',
    );
  }

  return {
    plan,
    async apply(applicationId: string, input: MetadataImportInput) {
      const p = await plan(applicationId, input);
      const application = await directory.updateApplication(applicationId, p.update);
      // The certificate was checked by the plan, so this save does not refuse it.
      if (p.encryption) await assertionEncryption?.update(application.id, p.encryption);
      if (p.singleLogout) await singleLogout.putSettings(application.id, p.singleLogout, clock.now());
      if (p.sloSoapUrl !== undefined) await sloSoapEndpoints?.put(application.id, p.sloSoapUrl, clock.now());
      return { plan: p, application };
    },
  };
}

export type MetadataImport = ReturnType<typeof createMetadataImport>;
