// Records and helpers the SP Store contract builds its cases from.
import { rejectionOf } from '@samlbridge/test-support';
import { expect } from 'chai';
import { type NewUser, type Store, UniqueViolation, type UserFields } from '../../src/store/types.js';

export const T0 = new Date('2026-03-01T10:00:00.000Z');
export const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

export function newUser(login: string, extra: Partial<NewUser> = {}): NewUser {
  return {
    tenant: 'acme',
    login,
    email: `${login.toLowerCase()}@example.test`,
    firstName: 'First',
    lastName: 'Last',
    role: 'learner',
    createdVia: 'sso',
    passwordHash: null,
    ...extra,
  };
}

type CreatedUser = Awaited<ReturnType<Store['users']['create']>>;

/** Creates learners of acme with these logins at T0, one after the other (IDs in that order). */
export async function createLearners<const Logins extends readonly string[]>(
  store: Store,
  ...logins: Logins
): Promise<{ [K in keyof Logins]: CreatedUser }> {
  const users: CreatedUser[] = [];
  for (const login of logins) users.push(await store.users.create(newUser(login), T0));
  return users as { [K in keyof Logins]: CreatedUser };
}

/** The fields a SCIM PUT replaces (users.replace), for `login` and `email`. */
export function userFields(login: string, email: string, extra: Partial<UserFields> = {}): UserFields {
  return {
    login,
    email,
    firstName: 'First',
    lastName: 'Last',
    displayName: '',
    formattedName: '',
    externalId: null,
    active: true,
    timezone: null,
    userType: null,
    ...extra,
  };
}

export async function uniqueViolation(promise: Promise<unknown>, field: UniqueViolation['field']) {
  const err = await rejects(promise);
  expect(err).to.be.instanceOf(UniqueViolation);
  expect(err).to.include({ code: 'uniqueness', status: 409, field });
}

/** Awaits `promise` and returns what it rejected with (fails when it resolves). */
export const rejects = (promise: Promise<unknown>) => rejectionOf(promise, 'expected the store to refuse the write');
