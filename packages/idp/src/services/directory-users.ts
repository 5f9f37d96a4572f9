import { randomBytes } from 'node:crypto';
import { confusableSkeleton, mixedScripts, refusedIdentityCharacter, usernameKey } from '@samlbridge/protocol';
import { type Clock, type PasswordHasher, type PasswordVerifier, passwordHasher, verifyPassword as scryptVerify } from '@samlbridge/web';
import { adminError } from '../admin-errors.js';
import type { Group, Page, User, UserRecord, UserStatus } from '../domain.js';
import type { ListOptions, Store, UserPatch } from '../store/types.js';
import { conflict, EMAIL, notFound, type StringRule, USERNAME, Validator } from './validation.js';

export interface CreateUserInput {
  username: string;
  email: string;
  firstName?: string;
  lastName?: string;
  password?: string;
  status?: UserStatus;
}

export type UpdateUserInput = Partial<Omit<CreateUserInput, 'password'>>;

export interface CreateGroupInput {
  name: string;
  description?: string;
}

export type AuthenticationResult = { ok: true; user: User } | { ok: false; reason: 'invalid_credentials' | 'user_suspended'; user?: User };

const STATUSES: readonly UserStatus[] = ['active', 'suspended'];
const USER_FIELDS = ['username', 'email', 'firstName', 'lastName', 'password', 'status'];
const MIN_PASSWORD = 8;

export function newId(): string {
  // 24 hex characters, like JumpCloud object IDs.
  return randomBytes(12).toString('hex');
}

export function publicUser({ passwordHash: _omit, ...user }: UserRecord): User {
  return user;
}

/** Usernames and emails with invisible or direction-changing characters are refused (SECURITY.md, "One spelling per identity"). */
function refuseInvisible(v: Validator, field: 'username' | 'email'): void {
  const value = v.input[field];
  const found = typeof value === 'string' ? refusedIdentityCharacter(value.trim()) : undefined;
  if (found) v.problem(field, `must not contain ${found}: such characters make two different names look the same`);
}

function readUserFields(v: Validator, creating: boolean) {
  refuseInvisible(v, 'username');
  refuseInvisible(v, 'email');
  const refused = new Set(v.problems.map((p) => p.field));
  const identity = (field: 'username' | 'email', rule: StringRule) => (refused.has(field) ? undefined : v.string(field, rule));
  return {
    // Username and email identify the user: when present (PATCH too) they must not be blank.
    username: identity('username', {
      required: creating,
      notBlank: true,
      max: 100,
      pattern: USERNAME,
      hint: 'may contain letters, digits and . _ @ + -',
    }),
    email: identity('email', { required: creating, notBlank: true, max: 254, pattern: EMAIL, hint: 'must be an email address' }),
    firstName: v.string('firstName', { max: 100 }),
    lastName: v.string('lastName', { max: 100 }),
    status: v.oneOf('status', STATUSES),
  };
}

/** The password policy of every way a password is set (admin, API, invitation): what is wrong, or undefined. */
export function passwordPolicyProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length < MIN_PASSWORD || value.length > 1024)
    return `must be a string of ${MIN_PASSWORD} to 1024 characters`;
  return undefined;
}

function checkPassword(v: Validator, field = 'password', required = false): string | undefined {
  const value = v.input[field];
  if (value === undefined && !required) return undefined;
  const problem = passwordPolicyProblem(value);
  if (problem) {
    v.problem(field, problem);
    return undefined;
  }
  return value as string;
}

export function createUserDirectory(
  store: Store,
  clock: Clock,
  verifyPassword: PasswordVerifier = scryptVerify,
  hashPassword: PasswordHasher = passwordHasher(),
) {
  // A real scrypt hash of a random string: verifying unknown users costs the same time as known ones.
  let dummyHash: Promise<string> | undefined;

  async function assertFree(field: 'username' | 'email', value: string, exceptId?: string) {
    const existing = field === 'username' ? await store.users.findByUsername(value) : await store.users.findByEmail(value);
    if (!existing || existing.id === exceptId) return;
    const taken = field === 'username' ? existing.username : existing.email;
    if (taken === value) throw conflict(field, `The ${field} "${value}" is already used by another user`);
    throw conflict(
      field,
      `The ${field} "${value}" is already used by another user, as "${taken}": ${field}s are compared ignoring case, full-width forms and how accents are encoded`,
    );
  }

  async function findByLogin(login: string): Promise<UserRecord | undefined> {
    const trimmed = login.trim();
    if (!trimmed) return undefined;
    return trimmed.includes('@')
      ? ((await store.users.findByEmail(trimmed)) ?? (await store.users.findByUsername(trimmed)))
      : await store.users.findByUsername(trimmed);
  }

  async function requireUser(id: string): Promise<UserRecord> {
    const user = await store.users.get(id);
    if (!user) throw notFound('user', id);
    return user;
  }

  async function requireGroup(id: string): Promise<Group> {
    const group = await store.groups.get(id);
    if (!group) throw notFound('group', id);
    return group;
  }

  return {
    async createUser(input: CreateUserInput): Promise<User> {
      const v = Validator.of(input);
      v.rejectUnknown(USER_FIELDS);
      const fields = readUserFields(v, true);
      const password = checkPassword(v);
      v.done();
      await assertFree('username', fields.username!);
      await assertFree('email', fields.email!);
      const now = clock.now();
      const record: UserRecord = {
        id: newId(),
        username: fields.username!,
        email: fields.email!,
        firstName: fields.firstName ?? '',
        lastName: fields.lastName ?? '',
        status: fields.status ?? 'active',
        passwordHash: password ? await hashPassword(password) : null,
        createdAt: now,
        updatedAt: now,
      };
      // The plaintext hint lets provisioning send it in the user's first SCIM create (held sealed, never in clear).
      await store.users.insert(record, password ? { password } : undefined);
      return publicUser(record);
    },

    async updateUser(id: string, input: UpdateUserInput): Promise<User> {
      const v = Validator.of(input);
      v.rejectUnknown(USER_FIELDS.filter((f) => f !== 'password'));
      if (v.has('password')) v.problem('password', 'is changed with PUT /api/users/{id}/password');
      const fields = readUserFields(v, false);
      v.done();
      await requireUser(id);
      if (fields.username) await assertFree('username', fields.username, id);
      if (fields.email) await assertFree('email', fields.email, id);
      const patch: UserPatch = {};
      for (const [k, value] of Object.entries(fields)) if (value !== undefined) (patch as Record<string, unknown>)[k] = value;
      const updated = await store.users.update(id, patch, clock.now());
      if (!updated) throw notFound('user', id);
      return publicUser(updated);
    },

    async setPassword(id: string, input: { password: string }): Promise<void> {
      const v = Validator.of(input);
      v.rejectUnknown(['password']);
      const password = checkPassword(v, 'password', true);
      v.done();
      await requireUser(id);
      // The plaintext hint lets provisioning push the new password (sealed in the outbox, never stored in clear).
      await store.users.update(id, { passwordHash: await hashPassword(password!) }, clock.now(), { password: password! });
    },

    async deleteUser(id: string): Promise<void> {
      if (!(await store.users.delete(id))) throw notFound('user', id);
    },

    async getUser(id: string): Promise<User> {
      return publicUser(await requireUser(id));
    },

    findUser: (id: string) => store.users.get(id).then((u) => u && publicUser(u)),
    /**
     * A warning when `username` could pass for another name (UTS #39, simplified): one label mixing
     * Latin, Cyrillic, Greek… letters, or a skeleton equal to an existing user's username. The user
     * is still created when the keys differ; the portal shows this next to the confirmation.
     */
    async lookalikeWarning(username: string, exceptId?: string): Promise<string | undefined> {
      const skeleton = confusableSkeleton(username);
      const twin = skeleton !== usernameKey(username) ? await store.users.findByUsername(skeleton) : undefined;
      const resembles = twin && twin.id !== exceptId ? twin : undefined;
      const mixed = mixedScripts(username);
      if (!mixed && !resembles) return undefined;
      const why = mixed ? `mixes ${mixed.scripts.join(' and ')} letters in "${mixed.label}"` : 'is written with lookalike letters';
      const like = resembles ? ` and looks like the existing user "${resembles.username}"` : '';
      return `Check the username "${username}": it ${why}${like}.`;
    },

    findUserByUsername: (username: string) => store.users.findByUsername(username).then((u) => u && publicUser(u)),

    listUsers: (options: ListOptions): Promise<Page<User>> => store.users.list(options),

    /** The user a sign-in name means (username or email), so both spellings share one login throttle counter. */
    async findUserIdByLogin(login: string): Promise<string | undefined> {
      return (await findByLogin(login))?.id;
    },

    /** Username OR email + password. Unknown users cost one scrypt too (no user enumeration by timing). */
    async authenticate(login: string, password: string): Promise<AuthenticationResult> {
      const record = await findByLogin(login);
      if (!dummyHash) dummyHash = hashPassword(randomBytes(16).toString('hex'));
      const hash = record?.passwordHash ?? (await dummyHash);
      const matches = await verifyPassword(password, hash);
      if (!record?.passwordHash || !matches) return { ok: false, reason: 'invalid_credentials' };
      if (record.status !== 'active') return { ok: false, reason: 'user_suspended', user: publicUser(record) };
      return { ok: true, user: publicUser(record) };
    },

    async createGroup(input: CreateGroupInput): Promise<Group> {
      const v = Validator.of(input);
      v.rejectUnknown(['name', 'description']);
      const name = v.string('name', { required: true, max: 200 });
      const description = v.string('description', { max: 1000 });
      v.done();
      if (await store.groups.findByName(name!)) throw conflict('name', `The group name "${name}" is already used`);
      const group: Group = { id: newId(), name: name!, description: description ?? '', createdAt: clock.now() };
      await store.groups.insert(group);
      return group;
    },

    async getGroup(id: string): Promise<Group & { memberIds: string[] }> {
      const group = await requireGroup(id);
      return { ...group, memberIds: await store.groups.listMemberIds(id) };
    },

    /** Rename and/or re-describe; the name stays unique (case-insensitive). */
    async updateGroup(id: string, input: Partial<CreateGroupInput>): Promise<Group> {
      const v = Validator.of(input);
      v.rejectUnknown(['name', 'description']);
      const name = v.string('name', { notBlank: true, max: 200 });
      const description = v.string('description', { max: 1000 });
      v.done();
      await requireGroup(id);
      if (name) {
        const other = await store.groups.findByName(name);
        if (other && other.id !== id) throw conflict('name', `The group name "${name}" is already used`);
      }
      const updated = await store.groups.update(id, { name, description });
      if (!updated) throw notFound('group', id);
      return updated;
    },

    /** Suspend (sign-in refused, sessions ended on their next request) or activate again. */
    async setUserStatus(id: string, status: UserStatus): Promise<User> {
      await requireUser(id);
      const updated = await store.users.update(id, { status }, clock.now());
      if (!updated) throw notFound('user', id);
      return publicUser(updated);
    },

    async listGroupMembers(groupId: string): Promise<User[]> {
      await requireGroup(groupId);
      const users: User[] = [];
      for (const uid of await store.groups.listMemberIds(groupId)) {
        const u = await store.users.get(uid);
        if (u) users.push(publicUser(u));
      }
      return users.sort((a, b) => a.username.localeCompare(b.username));
    },

    listUserGroupIds: (userId: string) => store.groups.listGroupIdsOfUser(userId),

    findGroupByName: (name: string) => store.groups.findByName(name),
    listGroups: (options: ListOptions): Promise<Page<Group>> => store.groups.list(options),

    async deleteGroup(id: string): Promise<void> {
      if (!(await store.groups.delete(id))) throw notFound('group', id);
    },

    async addMember(groupId: string, userId: string): Promise<void> {
      await requireGroup(groupId);
      await requireUser(userId);
      await store.groups.addMember(groupId, userId);
    },

    async removeMember(groupId: string, userId: string): Promise<void> {
      await requireGroup(groupId);
      if (!(await store.groups.removeMember(groupId, userId))) {
        throw adminError('not_found', `User "${userId}" is not a member of group "${groupId}"`);
      }
    },

    requireGroup,
  };
}

export type UserDirectory = ReturnType<typeof createUserDirectory>;
