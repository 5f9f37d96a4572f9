// A database made by an earlier release opens with the Kysely store and keeps every row, on both engines:
// the legacy schema at an OLD version (the first release) and at the FINAL legacy version, every table
// filled through raw SQL, then read back through the repositories; the migration bookkeeping records the
// legacy steps and the named ones; a second open changes nothing.
// PostgreSQL side: a scratch database on TEST_DATABASE_URL (testDatabaseServer()).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emailKey, usernameKey } from '@samlbridge/protocol';
import { testDatabaseServer } from '@samlbridge/test-support';
import { createScratchDatabase, type DatabaseTarget, openKysely, openPostgres, openSqlite } from '@samlbridge/web';
import { expect } from 'chai';
import { sql } from 'kysely';
import { createStore } from '../../src/store/index.js';
import { legacyMigrations, namedMigrations } from '../../src/store/migrations/index.js';
import { at, T0 } from './fixtures.js';

type Exec = (statement: string, params: unknown[]) => Promise<unknown>;
type Engine = 'sqlite' | 'postgres';

const iso = (s: number) => at(s).toISOString();
const row = (exec: Exec, placeholder: (n: number) => string) => (table: string, values: Record<string, unknown>) => {
  const columns = Object.keys(values);
  return exec(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => placeholder(i + 1)).join(', ')})`,
    Object.values(values),
  );
};

/** Rows of every table the first release had. Booleans as 1/0 and JSON as text: both engines accept them. */
async function fillFirstRelease(insert: ReturnType<typeof row>, engine: Engine, final: boolean) {
  // From the identity-key release on, the release itself wrote the identity keys.
  const keys = final ? { username_precis_key: usernameKey('Jane.Doe'), email_precis_key: emailKey('Jane@Example.test') } : {};
  await insert('users', {
    ...keys,
    id: 'u1',
    username: 'Jane.Doe',
    username_key: 'jane.doe',
    email: 'Jane@Example.test',
    email_key: 'jane@example.test',
    first_name: 'Jane',
    last_name: 'Doe',
    password_hash: 'scrypt$u1',
    status: 'active',
    created_at: iso(0),
    updated_at: iso(1),
  });
  await insert('user_groups', { id: 'g1', name: 'Staff', name_key: 'staff', description: 'everyone', created_at: iso(2) });
  await insert('group_members', { group_id: 'g1', user_id: 'u1' });
  const app: Record<string, unknown> = {
    id: 'a1',
    name: 'talentlms',
    display_label: 'TalentLMS',
    description: 'LMS',
    idp_entity_id: null,
    sp_entity_id: 'https://lms.example.test',
    acs_urls: JSON.stringify(['https://lms.example.test/acs']),
    default_relay_state: '',
    name_id_source: 'username',
    name_id_format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
    signing: 'both',
    signature_algorithm: 'rsa-sha256',
    sso_active: 1,
    created_at: iso(3),
    updated_at: iso(3),
  };
  // The first SQLite release kept `{field: "Attribute name"}` in attribute_names; PostgreSQL's kept the list.
  if (engine === 'sqlite') app.attribute_names = JSON.stringify({ username: 'Username', email: 'Email' });
  else
    app.attributes = JSON.stringify([
      { name: 'Username', source: 'username' },
      { name: 'Email', source: 'email' },
    ]);
  await insert('applications', app);
  await insert('group_bindings', { group_id: 'g1', application_id: 'a1' });
  await insert('sessions', { id_hash: 'h1', data: JSON.stringify({ userId: 'u1' }), expires_at: iso(3600) });
  await insert('login_flows', {
    id: 'f1',
    application_id: 'a1',
    request: JSON.stringify({ id: '_r1', acsUrl: 'https://lms.example.test/acs' }),
    relay_state: 'rs',
    created_at: iso(4),
    expires_at: iso(600),
  });
  await insert('events', {
    id: 'e1',
    time: iso(5),
    type: 'sso_auth',
    initiator: 'user',
    user_id: 'u1',
    username: 'Jane.Doe',
    resource: null,
    application: 'talentlms',
    success: 1,
    reason: null,
    detail: JSON.stringify({ binding: 'redirect' }),
  });
  await insert('admins', {
    id: 'ad1',
    email: 'Admin@Example.test',
    email_key: 'admin@example.test',
    password_hash: 'scrypt$ad1',
    created_at: iso(6),
  });
  await insert('api_keys', { id: 'k1', name: 'bootstrap', key_hash: 'sha256$k1', created_at: iso(7) });
}

/** Rows of the tables later releases added. */
async function fillLaterReleases(insert: ReturnType<typeof row>) {
  await insert('idm_integrations', {
    application_id: 'a1',
    base_url: 'https://lms.example.test/scim',
    token_ciphertext: 'sealed-token',
    active: 1,
    delete_on_idp_delete: 0,
    import_schedule: 'hourly',
    last_import_at: null,
    verified_at: iso(8),
    created_at: iso(8),
    updated_at: iso(9),
  });
  await insert('provisioning_outbox', {
    application_id: 'a1',
    subject: 'user:u1',
    action: 'user.upsert',
    payload: JSON.stringify({ userName: 'Jane.Doe' }),
    status: 'pending',
    attempts: 0,
    next_attempt_at: iso(10),
    lease_owner: null,
    lease_until: null,
    last_error: null,
    created_at: iso(10),
    updated_at: iso(10),
  });
  await insert('provisioning_links', {
    application_id: 'a1',
    kind: 'user',
    local_id: 'u1',
    remote_id: 'r1',
    remote_name: 'Jane.Doe',
    state: 'active',
    remote_members: JSON.stringify([]),
    last_action: 'user.upsert',
    last_success: 1,
    last_status: 201,
    last_error: null,
    last_attempt_at: iso(11),
  });
  await insert('portal_notifications', {
    id: 'n1',
    time: iso(12),
    application_id: 'a1',
    kind: 'import',
    message: 'import finished',
    read: 0,
  });
  await insert('login_throttle', { key: 'account:jane.doe', failures: 2, window_start: iso(13), locked_until: null });
  await insert('application_request_signing', {
    application_id: 'a1',
    require_signed_requests: 1,
    sp_certificate_pem: 'PEM',
    allow_sha1: 0,
    updated_at: iso(14),
  });
  await insert('authn_request_ids', { application_id: 'a1', request_key: 'abc', expires_at: iso(900) });
  await insert('pending_passwords', { user_id: 'u1', sealed: 'sealed-password', expires_at: iso(1200) });
}

/** Builds the legacy database at `version` steps of its engine's frozen list, filled with rows. */
async function buildLegacy(engine: Engine, target: DatabaseTarget, version: number) {
  const steps = engine === 'sqlite' ? legacyMigrations.sqlite : legacyMigrations.postgres;
  const final = version === steps.length;
  if (target.kind === 'sqlite') {
    const db = openSqlite(target.file, legacyMigrations.sqlite.slice(0, version));
    const insert = row(
      async (s, p) => db.prepare(s).run(...p),
      () => '?',
    );
    await fillFirstRelease(insert, engine, final);
    if (final) await fillLaterReleases(insert);
    db.close();
  } else {
    const pool = await openPostgres(target.url, legacyMigrations.postgres.slice(0, version), { component: 'idp', max: 1 });
    const insert = row(
      (s, p) => pool.query(s, p),
      (n) => `$${n}`,
    );
    await fillFirstRelease(insert, engine, final);
    if (final) await fillLaterReleases(insert);
    await pool.end();
  }
}

async function bookkeeping(target: DatabaseTarget) {
  const database = await openKysely(target);
  try {
    const named = await sql<{ name: string }>`select name from named_migrations where component = 'idp' order by name`.execute(database.db);
    const legacy =
      target.kind === 'sqlite'
        ? (await sql<{ v: number }>`select user_version as v from pragma_user_version`.execute(database.db)).rows[0]?.v
        : (await sql<{ v: number }>`select max(version) as v from schema_migrations where component = 'idp'`.execute(database.db)).rows[0]
            ?.v;
    return { named: named.rows.map((r) => r.name), legacy };
  } finally {
    await database.close();
  }
}

async function expectFirstReleaseRows(target: DatabaseTarget) {
  const store = await createStore(target);
  try {
    expect(await store.users.findByUsername('jane.doe')).to.deep.include({
      id: 'u1',
      username: 'Jane.Doe',
      email: 'Jane@Example.test',
      passwordHash: 'scrypt$u1',
    });
    expect((await store.users.get('u1'))?.updatedAt.toISOString()).to.equal(iso(1));
    expect(await store.groups.findByName('STAFF')).to.deep.equal({ id: 'g1', name: 'Staff', description: 'everyone', createdAt: at(2) });
    expect(await store.groups.listMemberIds('g1')).to.deep.equal(['u1']);
    const app = await store.applications.findByName('talentlms');
    expect(app).to.deep.include({
      displayLabel: 'TalentLMS',
      ssoActive: true,
      showInConsole: true,
      kind: 'saml',
      catalogId: 'custom-saml',
      signing: 'both',
    });
    expect(app?.acsUrls).to.deep.equal(['https://lms.example.test/acs']);
    expect(app?.attributes).to.deep.equal([
      { name: 'Username', source: 'username' },
      { name: 'Email', source: 'email' },
    ]);
    expect(await store.applications.listBoundToUser('u1')).to.have.length(1);
    expect(await store.sessions.getSession('h1')).to.deep.equal({ idHash: 'h1', data: { userId: 'u1' }, expiresAt: at(3600) });
    expect(await store.loginFlows.get('f1')).to.deep.include({ applicationId: 'a1', relayState: 'rs', expiresAt: at(600) });
    const events = await store.events.list({ limit: 10, offset: 0 });
    expect(events.items).to.deep.equal([
      {
        id: 'e1',
        time: at(5),
        type: 'sso_auth',
        initiator: 'user',
        userId: 'u1',
        username: 'Jane.Doe',
        resource: null,
        application: 'talentlms',
        success: true,
        reason: null,
        detail: { binding: 'redirect' },
      },
    ]);
    expect(await store.admins.findByEmail('admin@example.test')).to.deep.include({ id: 'ad1', passwordHash: 'scrypt$ad1' });
    expect(await store.apiKeys.listHashes()).to.deep.equal(['sha256$k1']);
  } finally {
    await store.close();
  }
}

async function expectLaterReleaseRows(target: DatabaseTarget) {
  const store = await createStore(target);
  try {
    expect(await store.idmIntegrations.get('a1')).to.deep.include({
      active: true,
      deleteOnIdpDelete: false,
      importSchedule: 'hourly',
      lastImportAt: null,
      tokenCiphertext: 'sealed-token',
    });
    expect(await store.outbox.counts('a1')).to.deep.equal({ pending: 1, failed: 0, done: 0 });
    const claimed = await store.outbox.claim('worker', at(20), 1000, 10);
    expect(claimed.map((e) => [e.subject, e.payload])).to.deep.equal([['user:u1', { userName: 'Jane.Doe' }]]);
    expect(await store.provisioningLinks.get('a1', 'user', 'u1')).to.deep.include({
      remoteId: 'r1',
      lastSuccess: true,
      lastStatus: 201,
      remoteMembers: [],
    });
    expect((await store.notifications.list({ limit: 10, offset: 0, unreadOnly: true })).items.map((n) => n.message)).to.deep.equal([
      'import finished',
    ]);
    // The third failure in the window that started at 13 s.
    expect(await store.loginThrottle.reserve('account:jane.doe', { max: 5, windowSeconds: 900, lockSeconds: 900 }, at(30))).to.deep.include(
      { allowed: true, failures: 3 },
    );
    expect(await store.requestSigning.get('a1')).to.deep.equal({ requireSignedRequests: true, spCertificatePem: 'PEM', allowSha1: false });
    expect(await store.authnRequestIds.consume('a1', 'abc', at(900))).to.equal(false);
    expect(await store.pendingPasswords.get('u1', T0)).to.equal('sealed-password');
  } finally {
    await store.close();
  }
}

const NAMED = [legacyMigrations.name, ...namedMigrations.map((m) => m.name)];

function upgradeCases(engine: Engine, freshTarget: () => Promise<DatabaseTarget>) {
  it('keeps every row of a database the first release made, and records the legacy and named steps', async () => {
    const target = await freshTarget();
    await buildLegacy(engine, target, 1);
    await expectFirstReleaseRows(target);
    const steps = engine === 'sqlite' ? legacyMigrations.sqlite : legacyMigrations.postgres;
    expect(await bookkeeping(target)).to.deep.equal({ named: NAMED, legacy: steps.length });
  });

  it('keeps every row of a database the last numbered release made, and a second open changes nothing', async () => {
    const target = await freshTarget();
    const steps = engine === 'sqlite' ? legacyMigrations.sqlite : legacyMigrations.postgres;
    await buildLegacy(engine, target, steps.length);
    await expectFirstReleaseRows(target);
    await expectLaterReleaseRows(target);
    const first = await bookkeeping(target);
    expect(first).to.deep.equal({ named: NAMED, legacy: steps.length });
    await expectFirstReleaseRows(target);
    expect(await bookkeeping(target)).to.deep.equal(first);
  });
}

describe('IdP store upgrade from a legacy database: SQLite', () => {
  let dir: string;
  let n = 0;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'idp-upgrade-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  upgradeCases('sqlite', async () => ({ kind: 'sqlite', file: join(dir, `idp-${++n}.db`) }));
});

describe('IdP store upgrade from a legacy database: PostgreSQL', () => {
  const dropped: (() => Promise<void>)[] = [];
  after(async () => {
    for (const drop of dropped) await drop();
  });
  upgradeCases('postgres', async () => {
    const database = await createScratchDatabase(testDatabaseServer(), 'idp_upgrade');
    dropped.push(() => database.drop());
    return { kind: 'postgres', url: database.url, poolSize: 2 };
  });
});
