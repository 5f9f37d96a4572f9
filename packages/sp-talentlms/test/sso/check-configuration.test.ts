import { X509Certificate } from 'node:crypto';
import { buildIdpMetadata, fingerprints, NAMEID_FORMAT, readIdpMetadata } from '@samlbridge/protocol';
import { expect } from 'chai';
import { type CheckStatus, checkConfiguration, metadataUrlFor } from '../../src/sso/check-configuration.js';
import { defaultSettings, type SsoSettings } from '../../src/sso/settings.js';
import { idpKeys, otherKeys } from '../helpers/keys.js';

const ENTITY = 'https://idp.example.test/saml2/talentlms';
const SSO_URL = 'https://idp.example.test/saml2/talentlms';

function metadata(o: { entityId?: string; cert?: string; sso?: string } = {}): string {
  return buildIdpMetadata({
    entityId: o.entityId ?? ENTITY,
    certificatePem: o.cert ?? idpKeys().certificatePem,
    ssoRedirectUrl: o.sso ?? SSO_URL,
    ssoPostUrl: o.sso ?? SSO_URL,
    nameIdFormats: [NAMEID_FORMAT.unspecified],
    wantAuthnRequestsSigned: false,
  });
}

function settings(o: Partial<SsoSettings> = {}): SsoSettings {
  return {
    ...defaultSettings(),
    idpEntityId: ENTITY,
    certificateFingerprints: [fingerprints(idpKeys().certificatePem).sha1],
    remoteSignInUrl: SSO_URL,
    remoteSignOutUrl: 'https://idp.example.test/userconsole/',
    ...o,
  };
}

/** A fetch that serves `body` and records the URL asked for. */
function fakeFetch(body: string | (() => Promise<Response>), status = 200) {
  const asked: string[] = [];
  const f = (async (url: URL | string) => {
    asked.push(String(url));
    if (typeof body === 'function') return body();
    return new Response(body, { status, headers: { 'content-type': 'application/samlmetadata+xml' } });
  }) as typeof fetch;
  return { fetch: f, asked };
}

const now = () => new Date();
const statusOf = (checks: { id: string; status: CheckStatus }[], id: string) => checks.find((c) => c.id === id)?.status;

describe('SSO configuration check (Save and check configuration)', () => {
  it('reads the metadata at the remote sign-in URL + /metadata unless a metadata URL is configured', async () => {
    expect(metadataUrlFor(settings())).to.equal(`${SSO_URL}/metadata`);
    expect(metadataUrlFor(settings({ idpMetadataUrl: 'https://md.example.test/idp.xml' }))).to.equal('https://md.example.test/idp.xml');
    const f = fakeFetch(metadata());
    await checkConfiguration(settings(), { fetch: f.fetch, now: now() });
    expect(f.asked).to.deep.equal([`${SSO_URL}/metadata`]);
  });

  it('reports every check ok for settings that match the metadata', async () => {
    const r = await checkConfiguration(settings(), { fetch: fakeFetch(metadata()).fetch, now: now() });
    expect(r.ok).to.equal(true);
    expect(r.checks.map((c) => [c.id, c.status])).to.deep.equal([
      ['metadata', 'ok'],
      ['entity-id', 'ok'],
      ['certificate', 'ok'],
      ['sign-in-url', 'ok'],
      ['certificate-validity', 'ok'],
    ]);
  });

  it('accepts a SHA-256 fingerprint without colons, or a pasted PEM, as matching', async () => {
    const sha256 = fingerprints(idpKeys().certificatePem).sha256.replace(/:/g, '').toLowerCase();
    const a = await checkConfiguration(settings({ certificateFingerprints: [sha256] }), { fetch: fakeFetch(metadata()).fetch, now: now() });
    expect(statusOf(a.checks, 'certificate')).to.equal('ok');
    const b = await checkConfiguration(settings({ certificateFingerprints: [], certificatePem: idpKeys().certificatePem }), {
      fetch: fakeFetch(metadata()).fetch,
      now: now(),
    });
    expect(statusOf(b.checks, 'certificate')).to.equal('ok');
  });

  it('says which entity ID the metadata has when the configured one differs', async () => {
    const r = await checkConfiguration(settings({ idpEntityId: 'https://wrong.example.test/' }), {
      fetch: fakeFetch(metadata()).fetch,
      now: now(),
    });
    expect(r.ok).to.equal(false);
    const c = r.checks.find((x) => x.id === 'entity-id');
    expect(c?.status).to.equal('problem');
    expect(c?.message).to.contain(ENTITY).and.contain('https://wrong.example.test/');
  });

  it('reports a fingerprint of another certificate as a problem, naming the right SHA-1', async () => {
    const r = await checkConfiguration(settings({ certificateFingerprints: [fingerprints(otherKeys().certificatePem).sha1] }), {
      fetch: fakeFetch(metadata()).fetch,
      now: now(),
    });
    const c = r.checks.find((x) => x.id === 'certificate');
    expect(c?.status).to.equal('problem');
    expect(c?.message).to.contain(fingerprints(idpKeys().certificatePem).sha1);
  });

  it('reports a remote sign-in URL that is not a SingleSignOnService location', async () => {
    const r = await checkConfiguration(
      settings({ idpMetadataUrl: 'https://idp.example.test/md', remoteSignInUrl: 'https://idp.example.test/saml2/other' }),
      {
        fetch: fakeFetch(metadata()).fetch,
        now: now(),
      },
    );
    expect(statusOf(r.checks, 'sign-in-url')).to.equal('problem');
    expect(r.checks.find((c) => c.id === 'sign-in-url')?.message).to.contain(SSO_URL);
  });

  it('reports an expired IdP certificate and warns about one expiring within 30 days', async () => {
    const validTo = new Date(new X509Certificate(idpKeys().certificatePem).validTo);
    const after = await checkConfiguration(settings(), {
      fetch: fakeFetch(metadata()).fetch,
      now: new Date(validTo.getTime() + 86_400_000),
    });
    expect(statusOf(after.checks, 'certificate-validity')).to.equal('problem');
    const soon = await checkConfiguration(settings(), {
      fetch: fakeFetch(metadata()).fetch,
      now: new Date(validTo.getTime() - 5 * 86_400_000),
    });
    expect(statusOf(soon.checks, 'certificate-validity')).to.equal('warning');
    expect(soon.ok).to.equal(true);
  });

  it('warns (without failing) when the remote sign-out URL is empty', async () => {
    const r = await checkConfiguration(settings({ remoteSignOutUrl: '' }), { fetch: fakeFetch(metadata()).fetch, now: now() });
    expect(statusOf(r.checks, 'sign-out-url')).to.equal('warning');
    expect(r.ok).to.equal(true);
  });

  it('reports an HTTP error from the metadata URL as one problem naming the status', async () => {
    const r = await checkConfiguration(settings(), { fetch: fakeFetch('nope', 404).fetch, now: now() });
    expect(r.ok).to.equal(false);
    expect(r.checks).to.have.length(1);
    expect(r.checks[0]?.message).to.contain('HTTP 404');
  });

  it('refuses metadata with a DTD and metadata larger than the limit', async () => {
    const dtd = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "x">]>${metadata().replace(/^<\?xml[^>]*>/, '')}`;
    const a = await checkConfiguration(settings(), { fetch: fakeFetch(dtd).fetch, now: now() });
    expect(a.checks[0]?.status).to.equal('problem');
    expect(a.checks[0]?.message).to.match(/DTD/);
    const b = await checkConfiguration(settings(), { fetch: fakeFetch(metadata() + ' '.repeat(5000)).fetch, now: now(), maxBytes: 4096 });
    expect(b.checks[0]?.status).to.equal('problem');
    expect(b.checks[0]?.message).to.match(/larger than 4 KiB/);
  });

  it('gives up on a metadata URL that does not answer in time', async () => {
    const hang = (_url: URL | string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    // `hang` never answers until aborted: without the timeout this test would end on mocha's own.
    const r = await checkConfiguration(settings(), { fetch: hang as typeof fetch, now: now(), timeoutMs: 200 });
    expect(r.checks[0]?.message).to.match(/did not answer within 0.2 s/);
  });

  it('reports an unreachable URL, and a document that is not IdP metadata', async () => {
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const a = await checkConfiguration(settings(), { fetch: down, now: now() });
    expect(a.checks[0]?.message).to.contain('could not be reached');
    const b = await checkConfiguration(settings(), { fetch: fakeFetch('<html xmlns="http://www.w3.org/1999/xhtml"/>').fetch, now: now() });
    expect(b.checks[0]?.message).to.contain('not SAML metadata');
  });

  it('asks for a sign-in URL when neither it nor a metadata URL is set', async () => {
    const r = await checkConfiguration(settings({ remoteSignInUrl: '' }), { fetch: fakeFetch(metadata()).fetch, now: now() });
    expect(r.ok).to.equal(false);
    expect(r.checks[0]?.message).to.contain('Enter the remote sign-in URL');
  });

  it('reads the entity ID, signing certificates and SSO locations from metadata', () => {
    const facts = readIdpMetadata(metadata());
    expect(facts.entityId).to.equal(ENTITY);
    expect(facts.ssoLocations).to.deep.equal([SSO_URL, SSO_URL]);
    expect(fingerprints(facts.signingCertificates[0] as Buffer).sha1).to.equal(fingerprints(idpKeys().certificatePem).sha1);
  });
});
