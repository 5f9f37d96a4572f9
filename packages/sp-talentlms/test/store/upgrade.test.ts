// A database made by an earlier release upgrades in place on both engines: the frozen numbered migrations
// it lacks run as the first named migration, every row is read back through the repositories, the
// bookkeeping of both lists is right, and opening it again changes nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabaseServer } from '@samlbridge/test-support';
import { createScratchDatabase, type DatabaseTarget, LEGACY_SCHEMA_MIGRATION, NAMED_MIGRATIONS_TABLE } from '@samlbridge/web';
import { expect } from 'chai';
import { defaultSettings } from '../../src/sso/settings.js';
import { createStore } from '../../src/store/index.js';
import { SP_MIGRATIONS } from '../../src/store/migrations/index.js';
import { LEGACY_POSTGRES_MIGRATIONS } from '../../src/store/migrations/legacy-postgres.js';
import { LEGACY_SQLITE_MIGRATIONS } from '../../src/store/migrations/legacy-sqlite.js';
import type { Store } from '../../src/store/types.js';
import { at, T0 } from './fixtures.js';
import { type LegacyDatabase, openLegacyDatabase, openRawDatabase } from './legacy-database.js';

interface Engine {
  name: string;
  legacy: readonly unknown[];
  create(): Promise<{ target: DatabaseTarget; drop(): Promise<void> }>;
  p(n: number): string;
  flag(b: boolean): unknown;
  /** After rows with explicit IDs: IDs up to `users` / `groups` count as given (retired or in use). */
  idsGiven(db: LegacyDatabase, users: number, groups: number): Promise<void>;
  /** The legacy list's bookkeeping: the versions recorded. */
  legacyVersions(db: LegacyDatabase): Promise<number[]>;
}

const ENGINES: Engine[] = [
  {
    name: 'SQLite',
    legacy: LEGACY_SQLITE_MIGRATIONS,
    async create() {
      const dir = mkdtempSync(join(tmpdir(), 'sp-upgrade-'));
      return { target: { kind: 'sqlite', file: join(dir, 'sp.db') }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
    },
    p: () => '?',
    flag: (b) => (b ? 1 : 0),
    async idsGiven(db, users, groups) {
      await db.exec('UPDATE user_id_floor SET id = ?', [users]);
      await db.exec('UPDATE group_id_floor SET id = ?', [groups]);
    },
    async legacyVersions(db) {
      const version = Number((await db.exec('PRAGMA user_version'))[0]?.user_version);
      return Array.from({ length: version }, (_, i) => i + 1);
    },
  },
  {
    name: 'PostgreSQL',
    legacy: LEGACY_POSTGRES_MIGRATIONS,
    async create() {
      const database = await createScratchDatabase(testDatabaseServer(), 'sp_upgrade');
      return { target: { kind: 'postgres', url: database.url }, drop: () => database.drop() };
    },
    p: (n) => `$${n}`,
    flag: (b) => b,
    async idsGiven(db, users, groups) {
      await db.exec(
        `SELECT setval(pg_get_serial_sequence('users', 'id'), ${users}), setval(pg_get_serial_sequence('user_groups', 'id'), ${groups})`,
      );
    },
    async legacyVersions(db) {
      const rows = await db.exec("SELECT version FROM schema_migrations WHERE component = 'sp' ORDER BY version");
      return rows.map((r) => Number(r.version));
    },
  },
];

const SETTINGS = { ...defaultSettings(), idpEntityId: 'https://idp.example.test/saml2/talentlms', certificateFingerprints: ['AB:CD'] };
const iso = (d: Date) => d.toISOString();

/** Rows of the tables every released schema has. */
async function fillFirstSchema(db: LegacyDatabase, e: Engine) {
  const values = (n: number) => Array.from({ length: n }, (_, i) => e.p(i + 1)).join(', ');
  for (const [id, login, role, via] of [
    [1, 'ann', 'superadmin', 'local'],
    [2, 'bob', 'learner', 'sso'],
  ] as const) {
    await db.exec(
      `INSERT INTO users (id, tenant, login, email, first_name, last_name, active, role, created_via, password_hash, created_at, updated_at, last_login_at)
       VALUES (${values(13)})`,
      [
        id,
        'acme',
        login,
        `${login}@example.test`,
        'First',
        `Last ${id}`,
        e.flag(id === 1),
        role,
        via,
        id === 1 ? 'scrypt$x' : null,
        iso(T0),
        iso(at(id)),
        iso(at(9)),
      ],
    );
  }
  await db.exec(`INSERT INTO sessions (id_hash, data, expires_at) VALUES (${values(3)})`, [
    'h1',
    JSON.stringify({ userId: 1 }),
    iso(at(600)),
  ]);
  await db.exec(`INSERT INTO sso_settings (tenant, data, updated_at) VALUES (${values(3)})`, ['acme', JSON.stringify(SETTINGS), iso(T0)]);
  await db.exec(`INSERT INTO pending_requests (tenant, id, expires_at) VALUES (${values(3)})`, ['acme', '_r1', iso(at(300))]);
  await db.exec(`INSERT INTO replay_cache (tenant, assertion_id, expires_at) VALUES (${values(3)})`, ['acme', '_a1', iso(at(300))]);
  await db.exec(`INSERT INTO events (tenant, type, time, success, reason, user_login, detail) VALUES (${values(7)})`, [
    'acme',
    'sso_login',
    iso(at(5)),
    e.flag(false),
    'bad_signature',
    'bob',
    'x',
  ]);
}

/** Rows of the tables and columns the last legacy schema added. */
async function fillLastSchema(db: LegacyDatabase, e: Engine) {
  const values = (n: number) => Array.from({ length: n }, (_, i) => e.p(i + 1)).join(', ');
  await db.exec(
    `UPDATE users SET external_id = ${e.p(1)}, display_name = ${e.p(2)}, timezone = ${e.p(3)}, user_type = ${e.p(4)}, login_key = login, email_key = email WHERE id = 2`,
    ['ext-2', 'Bob B', 'Europe/Athens', 'Instructor-Type'],
  );
  await db.exec(`INSERT INTO user_groups (id, tenant, display_name, external_id, created_at, updated_at) VALUES (${values(6)})`, [
    5,
    'acme',
    'Sales',
    'g-5',
    iso(T0),
    iso(at(1)),
  ]);
  await db.exec(`INSERT INTO group_members (group_id, user_id) VALUES (${values(2)})`, [5, 2]);
  await db.exec(`INSERT INTO account_settings (tenant, timezone, scim_enabled, scim_token_hash, updated_at) VALUES (${values(5)})`, [
    'acme',
    'Europe/Athens',
    e.flag(true),
    'hash',
    iso(T0),
  ]);
  await db.exec(`INSERT INTO rate_limits (key, window_start, hits) VALUES (${values(3)})`, ['scim:acme', iso(T0), 3]);
  await db.exec(`INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES (${values(4)})`, [
    'account:ann',
    2,
    iso(T0),
    null,
  ]);
  await e.idsGiven(db, 40, 8);
}

async function expectFirstSchemaRows(store: Store) {
  expect(await store.users.findById('acme', 1)).to.include({
    login: 'ann',
    active: true,
    role: 'superadmin',
    createdVia: 'local',
    passwordHash: 'scrypt$x',
  });
  const bob = await store.users.findByLogin('acme', 'BOB');
  expect(bob).to.include({ id: 2, email: 'bob@example.test', lastName: 'Last 2', active: false, createdVia: 'sso', passwordHash: null });
  expect([bob?.createdAt, bob?.updatedAt, bob?.lastLoginAt].map((d) => d?.toISOString())).to.deep.equal([T0, at(2), at(9)].map(iso));
  expect(await store.sessions.getSession('h1')).to.deep.equal({ idHash: 'h1', data: { userId: 1 }, expiresAt: at(600) });
  expect(await store.settings.get('acme')).to.deep.equal(SETTINGS);
  const [event] = await store.events.list('acme', { limit: 5 });
  expect(event).to.include({ type: 'sso_login', success: false, reason: 'bad_signature', user: 'bob', detail: 'x' });
  expect(event?.time.toISOString()).to.equal(iso(at(5)));
  expect(await store.replay.remember('acme', '_a1', at(600), T0)).to.equal(false);
  expect(await store.pendingRequests.consume('acme', '_r1', T0)).to.equal(true);
}

async function expectLastSchemaRows(store: Store) {
  expect(await store.users.findById('acme', 2)).to.include({
    externalId: 'ext-2',
    displayName: 'Bob B',
    timezone: 'Europe/Athens',
    userType: 'Instructor-Type',
  });
  const group = await store.groups.findById('acme', 5);
  expect(group).to.include({ displayName: 'Sales', externalId: 'g-5' });
  expect(group?.members).to.deep.equal([{ id: 2, login: 'bob' }]);
  expect(await store.account.get('acme')).to.deep.equal({ timezone: 'Europe/Athens', scimEnabled: true, scimTokenHash: 'hash' });
  expect(await store.rateLimits.hit('scim:acme', T0)).to.equal(4);
  expect(await store.loginThrottle.reserve('account:ann', { max: 5, windowSeconds: 900, lockSeconds: 900 }, at(1))).to.deep.include({
    allowed: true,
    failures: 3,
  });
  // IDs given by the earlier release are never given again.
  expect(
    (
      await store.users.create(
        { tenant: 'acme', login: 'new', email: '', firstName: 'N', lastName: 'N', role: 'learner', createdVia: 'scim', passwordHash: null },
        T0,
      )
    ).id,
  ).to.equal(41);
  expect((await store.groups.create({ tenant: 'acme', displayName: 'New', externalId: null, memberIds: [] }, T0)).id).to.equal(9);
}

/** Both lists' bookkeeping after the upgrade, and the applied-at stamp of the named step. */
async function bookkeeping(e: Engine, target: DatabaseTarget) {
  const db = await openRawDatabase(target);
  try {
    const named = await db.exec(`SELECT name, applied_at FROM ${NAMED_MIGRATIONS_TABLE} WHERE component = 'sp' ORDER BY name`);
    return { legacy: await e.legacyVersions(db), named };
  } finally {
    await db.close();
  }
}

async function openStore(target: DatabaseTarget, use: (store: Store) => Promise<void>) {
  const store = await createStore(target);
  try {
    await use(store);
  } finally {
    await store.close();
  }
}

for (const e of ENGINES) {
  describe(`SP store upgrade from a legacy ${e.name} database`, () => {
    let database: { target: DatabaseTarget; drop(): Promise<void> };
    beforeEach(async () => {
      database = await e.create();
    });
    afterEach(() => database.drop());

    const expectBookkeeping = async () => {
      const { legacy, named } = await bookkeeping(e, database.target);
      expect(legacy).to.deep.equal(e.legacy.map((_, i) => i + 1));
      expect(named.map((r) => r.name)).to.deep.equal([LEGACY_SCHEMA_MIGRATION, ...SP_MIGRATIONS.steps.map((step) => step.name)]);
      return named;
    };

    it(`${e.name}: upgrades the first released schema in place, keeping every row, and reopens without migrating`, async () => {
      const db = await openLegacyDatabase(database.target, 1);
      await fillFirstSchema(db, e);
      await db.close();
      await openStore(database.target, expectFirstSchemaRows);
      const named = await expectBookkeeping();
      await openStore(database.target, async (store) => {
        expect((await store.users.list('acme')).map((u) => u.login)).to.deep.equal(['ann', 'bob']);
      });
      expect(await expectBookkeeping()).to.deep.equal(named);
    });

    it(`${e.name}: adopts a database at the last legacy version without re-running a step, keeping every row`, async () => {
      const db = await openLegacyDatabase(database.target, e.legacy.length);
      await fillFirstSchema(db, e);
      await fillLastSchema(db, e);
      await db.close();
      await openStore(database.target, async (store) => {
        await expectFirstSchemaRows(store);
        await expectLastSchemaRows(store);
      });
      const named = await expectBookkeeping();
      await openStore(database.target, async (store) => {
        expect((await store.users.list('acme')).map((u) => u.login)).to.deep.equal(['ann', 'bob', 'new']);
        expect((await store.groups.findById('acme', 5))?.members).to.deep.equal([{ id: 2, login: 'bob' }]);
      });
      expect(await expectBookkeeping()).to.deep.equal(named);
    });
  });
}
