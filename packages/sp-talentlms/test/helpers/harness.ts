// Starts a real SP (real SQLite file in a temp dir, real HTTP on a free port) and crafts signed Responses.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AUTHN_CONTEXT_PASSWORD_PROTECTED_TRANSPORT,
  createResponseSigner,
  encodePost,
  fingerprints,
  NAMEID_FORMAT,
  newSamlId,
  type ResponseInput,
} from '@samlbridge/protocol';
import { CookieJar, seedTestSpEncryptionKey, TEST_PASSWORD_HASH_COST } from '@samlbridge/test-support';
import { fixedClock, listen, type PasswordVerifier, type RunningServer } from '@samlbridge/web';
import type { SpConfig } from '../../src/index.js';
import { createSp, type Sp } from '../../src/index.js';
import { hostFetch } from './host-fetch.js';
import { idpKeys, otherKeys } from './keys.js';

export const IDP_ENTITY_ID = 'https://idp.example.test/saml2/talentlms';
export const IDP_SSO_URL = 'https://idp.example.test/saml2/talentlms';
export const IDP_SIGNOUT_URL = 'https://idp.example.test/userconsole/';
export const BASE_URL = 'http://localhost:5000';
export const SP_ENTITY_ID = 'localhost';
export const ACS_URL = `${BASE_URL}/simplesaml/module.php/saml/sp/saml2-acs.php/localhost`;
export const ADMIN_KEY = 'test-admin-key';
export const START = new Date('2026-03-01T10:00:00Z');

export type AssertionOverrides = Partial<NonNullable<ResponseInput['assertion']>>;
export interface ResponseOverrides extends Partial<Omit<ResponseInput, 'assertion'>> {
  assertion?: AssertionOverrides | null;
}

export interface Harness {
  sp: Sp;
  url: string;
  clock: ReturnType<typeof fixedClock>;
  dir: string;
  /** A signed Response (XML) with sensible defaults for this SP, signed by the trusted key unless `key` says otherwise. */
  responseXml(o?: ResponseOverrides, key?: 'idp' | 'other'): string;
  /** POSTs a SAMLResponse (base64 unless `raw`) to the ACS with a fresh cookie jar. */
  postAcs(
    samlResponse: string,
    opts?: { relayState?: string; jar?: CookieJar; host?: string; path?: string },
  ): Promise<{ res: Response; body: string; jar: CookieJar }>;
  get(path: string, jar?: CookieJar, init?: RequestInit): Promise<Response>;
  api(method: string, path: string, body?: unknown, key?: string): Promise<Response>;
  close(): Promise<void>;
}

export function baseInput(now: Date, o: ResponseOverrides = {}): ResponseInput {
  const later = new Date(now.getTime() + 5 * 60_000);
  const { assertion, ...rest } = o;
  const a: NonNullable<ResponseInput['assertion']> = {
    nameId: 'jdoe',
    nameIdFormat: NAMEID_FORMAT.unspecified,
    subjectNotOnOrAfter: later,
    notBefore: new Date(now.getTime() - 60_000),
    notOnOrAfter: later,
    audience: SP_ENTITY_ID,
    authnInstant: now,
    sessionIndex: newSamlId(),
    authnContextClassRef: AUTHN_CONTEXT_PASSWORD_PROTECTED_TRANSPORT,
    attributes: [
      { name: 'Username', values: ['jdoe'] },
      { name: 'FirstName', values: ['Jane'] },
      { name: 'LastName', values: ['Doe'] },
      { name: 'Email', values: ['jane.doe@example.test'] },
    ],
    ...(assertion ?? {}),
  };
  return {
    responseId: newSamlId(),
    assertionId: newSamlId(),
    issueInstant: now,
    issuer: IDP_ENTITY_ID,
    destination: ACS_URL,
    status: { code: 'Success' },
    signing: 'both',
    ...rest,
    ...(assertion === null ? {} : { assertion: a }),
  };
}

export interface StartOptions {
  config?: Partial<SpConfig>;
  /** SSO settings to apply (merged over a working default that trusts idpKeys() by SHA-1 fingerprint); false = leave unconfigured. */
  settings?: Record<string, unknown> | false;
  /** Password check of the local sign-in (tests count and pace the checks through it). */
  verifyPassword?: PasswordVerifier;
}

export async function startSp({ config = {}, settings = {}, verifyPassword }: StartOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'sp-test-'));
  const clock = fixedClock(START);
  const sp = await createSp({
    env: {},
    clock,
    // rejectionWindowSeconds 0: tests read the audit row of each rejection they cause (aggregation: test/operations/).
    config: {
      baseUrl: BASE_URL,
      dataDir: seedTestSpEncryptionKey(dir),
      logLevel: 'silent',
      adminApiKey: ADMIN_KEY,
      rejectionWindowSeconds: 0,
      passwordHashCost: TEST_PASSWORD_HASH_COST,
      ...config,
    },
    ...(verifyPassword ? { verifyPassword } : {}),
  });
  if (settings !== false) {
    await sp.services.sso.updateSettings('localhost', {
      idpEntityId: IDP_ENTITY_ID,
      certificateFingerprints: [fingerprints(idpKeys().certificatePem).sha1],
      remoteSignInUrl: IDP_SSO_URL,
      remoteSignOutUrl: IDP_SIGNOUT_URL,
      ...settings,
    });
  }
  const server: RunningServer = await listen(sp.app, 0);
  const signers = { idp: createResponseSigner(idpKeys()), other: createResponseSigner(otherKeys()) };

  const h: Harness = {
    sp,
    url: server.url,
    clock,
    dir,
    responseXml: (o = {}, key = 'idp') => signers[key].issue(baseInput(clock.now(), o)),
    async postAcs(
      samlResponse,
      { relayState, jar = new CookieJar(), host, path = '/simplesaml/module.php/saml/sp/saml2-acs.php/localhost' } = {},
    ) {
      const form = new URLSearchParams({ SAMLResponse: samlResponse.startsWith('<') ? encodePost(samlResponse) : samlResponse });
      if (relayState !== undefined) form.set('RelayState', relayState);
      const headers = { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() };
      const res = host
        ? await hostFetch(`${server.url}${path}`, { method: 'POST', headers, body: form.toString(), host })
        : await fetch(`${server.url}${path}`, { method: 'POST', redirect: 'manual', headers, body: form.toString() });
      jar.store(res);
      return { res, body: await res.text(), jar };
    },
    async get(path, jar, init = {}) {
      const { host, ...headers }: Record<string, string> = {
        ...(jar ? { cookie: jar.header() } : {}),
        ...((init.headers as Record<string, string>) ?? {}),
      };
      const res = host
        ? await hostFetch(`${server.url}${path}`, { headers, host })
        : await fetch(`${server.url}${path}`, { redirect: 'manual', ...init, headers });
      jar?.store(res);
      return res;
    },
    async api(method, path, body, key = ADMIN_KEY) {
      return fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    },
    async close() {
      await server.close();
      await sp.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

/** The session as /api/session reports it (undefined when the cookie does not sign anyone in). */
export async function sessionOf(h: Harness, jar: CookieJar): Promise<Record<string, unknown> | undefined> {
  const res = await h.get('/api/session', jar);
  if (res.status === 401) return undefined;
  if (res.status !== 200) throw new Error(`/api/session answered ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}
