// Records and helpers the IdP Store contract builds its cases from.
import { SamlbridgeError } from '@samlbridge/errors';
import { rejectionOf } from '@samlbridge/test-support';
import { expect } from 'chai';
import type { Application, IdpEvent, LoginFlow, UserRecord } from '../../src/domain.js';
import { DEFAULT_ATTRIBUTES } from '../../src/domain.js';

export const T0 = new Date('2026-03-01T10:00:00.000Z');
export const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

export function user(id: string, username: string, extra: Partial<UserRecord> = {}): UserRecord {
  return {
    id,
    username,
    email: `${username.toLowerCase()}@example.test`,
    firstName: 'First',
    lastName: 'Last',
    status: 'active',
    passwordHash: `scrypt$${id}`,
    createdAt: T0,
    updatedAt: T0,
    ...extra,
  };
}

export function application(id: string, name: string, extra: Partial<Application> = {}): Application {
  return {
    id,
    kind: 'saml',
    catalogId: 'talentlms',
    name,
    displayLabel: name.toUpperCase(),
    description: 'an app',
    idpEntityIdOverride: null,
    spEntityId: `${name}.example.test`,
    acsUrls: [`https://${name}.example.test/acs`, `https://${name}.example.test/acs2`],
    defaultRelayState: '',
    nameIdSource: 'username',
    nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
    signing: 'assertion',
    signatureAlgorithm: 'rsa-sha256',
    attributes: [...DEFAULT_ATTRIBUTES, { name: 'Company', source: 'constant', value: 'Acme & "Co"' }],
    groupAttribute: null,
    bookmarkUrl: null,
    image: null,
    showInConsole: true,
    ssoActive: true,
    createdAt: T0,
    updatedAt: T0,
    ...extra,
  } as Application;
}

export function event(id: string, seconds: number, extra: Partial<IdpEvent> = {}): IdpEvent {
  return {
    id,
    time: at(seconds),
    type: 'sso_auth',
    initiator: 'ann',
    userId: 'u1',
    username: 'ann',
    resource: null,
    application: 'talentlms',
    success: true,
    reason: null,
    detail: { n: seconds, nested: { list: [1, 'two'] } },
    ...extra,
  };
}

/** Awaits `promise` and returns what it rejected with (fails when it resolves). */
export const rejection = (promise: Promise<unknown>) => rejectionOf<SamlbridgeError>(promise, 'expected the store to refuse the write');

export function expectConflict(err: SamlbridgeError, field: string) {
  expect(err).to.be.instanceOf(SamlbridgeError);
  expect(err.code).to.equal('conflict');
  expect(err.status).to.equal(409);
  expect(err.details).to.deep.equal([{ field, message: 'already in use' }]);
}

export function flow(id: string, applicationId: string, ttl: number, request: LoginFlow['request'] = null): LoginFlow {
  return { id, applicationId, request, relayState: request ? '/dashboard' : undefined, createdAt: T0, expiresAt: at(ttl) };
}
