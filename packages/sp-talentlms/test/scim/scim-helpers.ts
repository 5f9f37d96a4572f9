// SCIM test helpers: a real SP with SSO configured and SCIM enabled through the admin API.
import { expect } from 'chai';
import { type Harness, type StartOptions, startSp } from '../helpers/harness.js';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const TLMS = 'urn:ietf:params:scim:schemas:extension:talentlms:2.0:User';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export interface ScimHarness extends Harness {
  key: string;
  scim(
    method: string,
    path: string,
    body?: unknown,
    opts?: { key?: string | null; contentType?: string; raw?: string },
  ): Promise<ScimReply>;
}

export interface ScimReply {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { Resources?: Record<string, unknown>[] };
}

export async function startScim(options: StartOptions = {}): Promise<ScimHarness> {
  const h = await startSp({ ...options, config: { scimRateLimitPerMinute: 0, ...(options.config ?? {}) } });
  const res = await h.api('POST', '/api/admin/scim');
  expect(res.status).to.equal(200);
  const { apiKey } = (await res.json()) as { apiKey: string };
  const scim: ScimHarness['scim'] = async (method, path, body, opts = {}) => {
    const key = opts.key === undefined ? apiKey : opts.key;
    const headers: Record<string, string> = {};
    if (key !== null) headers.authorization = `Bearer ${key}`;
    const payload = opts.raw ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined) headers['content-type'] = opts.contentType ?? 'application/scim+json';
    const r = await fetch(`${h.url}/api/scim2${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    const text = await r.text();
    return { status: r.status, headers: r.headers, body: text ? (JSON.parse(text) as ScimReply['body']) : {} };
  };
  return Object.assign(h, { key: apiKey, scim });
}

export function newUser(userName: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: [USER_SCHEMA],
    userName,
    name: { givenName: 'Given', familyName: 'Family', formatted: 'Given Family' },
    displayName: 'Given Family',
    emails: [{ value: `${userName.toLowerCase()}@example.test`, type: 'work', primary: true }],
    active: true,
    ...extra,
  };
}

export async function createUser(h: ScimHarness, userName: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await h.scim('POST', '/Users', newUser(userName, extra));
  expect(r.status, JSON.stringify(r.body)).to.equal(201);
  return r.body.id as string;
}

export function expectScimError(r: ScimReply, status: number, scimType?: string): void {
  expect(r.status, JSON.stringify(r.body)).to.equal(status);
  expect(r.headers.get('content-type')).to.match(/^application\/scim\+json/);
  expect(r.body.schemas).to.deep.equal([ERROR_SCHEMA]);
  expect(r.body.status).to.equal(String(status));
  if (scimType) expect(r.body.scimType).to.equal(scimType);
  else expect(r.body.scimType).to.equal(undefined);
  expect(r.body.detail).to.be.a('string');
}

export const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_SCHEMA], Operations });
