// The user search's two ways to a page (store/user-search.ts) agree with each other and with the substring rule, on
// both engines; a database of the release before migration 2026-12-03-140 upgrades in place (name keys filled,
// trigram index built, kept in step afterwards); SQLite's VACUUM keeps the FTS5 rowids right; a PostgreSQL server that
// refuses CREATE EXTENSION pg_trgm still migrates and searches (walking the list), and says so once at start.
import { emailKey, usernameKey } from '@samlbridge/protocol';
import { testDatabaseServer } from '@samlbridge/test-support';
import {
  createScratchDatabase,
  type DatabaseTarget,
  type KyselyDatabase,
  migrateToLatest,
  openKysely,
  scratchEngines,
} from '@samlbridge/web';
import { expect } from 'chai';
import { sql } from 'kysely';
import type { Database } from '../../src/store/database.js';
import { createStore } from '../../src/store/index.js';
import { legacyMigrations, namedMigrations } from '../../src/store/migrations/index.js';
import type { Store } from '../../src/store/types.js';
import { userListQueries } from '../../src/store/users.js';
import { at, T0, user } from './fixtures.js';

const SEARCH_STEP = '2026-12-03-140-users-search';

const engines = scratchEngines(testDatabaseServer, 'idp_user_search');

// People whose names, usernames and emails share pieces, with non-ASCII letters and LIKE metacharacters.
const FIRST = ['Ann', 'ÉLODIE', 'Ünal', 'İpek', 'Zoë', '100%', 'a_b', 'Jo"e', 'back\\slash', 'Ｋｅｎ'];
const LAST = ['Lee', 'Straße', 'Anderson', 'Ó Briain', 'Kim', 'Öz', 'Lee-Anne'];
const people = Array.from({ length: 42 }, (_, i) => {
  const first = FIRST[i % FIRST.length] as string;
  const last = LAST[(i * 3) % LAST.length] as string;
  return user(`u${String(i).padStart(2, '0')}`, `${first.slice(0, 3)}${last.slice(0, 2)}${i}`, {
    email: `${last.replace(/\s/g, '')}.${i}@Example.TEST`,
    firstName: first,
    lastName: last,
  });
});
const TERMS = [
  'an',
  'lee',
  'LEE-A',
  'élo',
  'ü',
  'ipek',
  'İpek',
  'ß',
  'straße',
  '%',
  '0% ',
  '_',
  'a_b',
  '"',
  'o"e',
  '\\',
  'k\\s',
  'ken',
  'example',
  '.1',
  'n l',
  'zzz',
];

/** The users whose username, email or "first last" name key contains the term's key, in list order. */
function expected(term: string): string[] {
  const k = usernameKey(term);
  return people
    .filter((u) => [usernameKey(u.username), emailKey(u.email), usernameKey(`${u.firstName} ${u.lastName}`)].some((v) => v.includes(k)))
    .sort((a, b) => (usernameKey(a.username) < usernameKey(b.username) ? -1 : usernameKey(a.username) > usernameKey(b.username) ? 1 : 0))
    .map((u) => u.id);
}

for (const e of engines) {
  describe(`IdP user search: ${e.name}`, () => {
    let opened: { target: DatabaseTarget; drop(): Promise<void> } | undefined;
    let store: Store | undefined;
    let database: KyselyDatabase<Database> | undefined;
    before(async () => {
      opened = await e.open();
      store = await createStore(opened.target);
      for (const u of people) await store.users.insert(u);
      database = await openKysely<Database>(opened.target);
    });
    after(async () => {
      await database?.close();
      await store?.close();
      await opened?.drop();
    });

    it('finds the same users, in list order, through the trigram index, by a walk keeping its matches, and by a walk checking keys, for every term and offset', async () => {
      if (!database || !store) throw new Error('no database (see the "before all" hook)');
      for (const term of TERMS) {
        const want = expected(term);
        for (const offset of [0, 3, want.length - 1, want.length + 2].filter((o) => o >= 0)) {
          const q = userListQueries(database, { search: term, limit: 5, offset });
          const walked = (await q.pageIds.execute()).map((r) => r.id);
          const found = (await q.foundPageIds.execute()).map((r) => r.id);
          const members = (await q.memberPageIds.execute()).map((r) => r.id);
          const page = want.slice(offset, offset + 5);
          expect(walked, `walked "${term}" at ${offset}`).to.deep.equal(page);
          expect(found, `found "${term}" at ${offset}`).to.deep.equal(page);
          expect(members, `member walk "${term}" at ${offset}`).to.deep.equal(page);
          expect(await q.term?.count(), `count of "${term}"`).to.equal(want.length);
        }
        const listed = await store.users.list({ search: term, limit: 100, offset: 0 });
        expect(
          listed.items.map((u) => u.id),
          `list "${term}"`,
        ).to.deep.equal(want);
        expect(listed.total).to.equal(want.length);
      }
    });

    it('upgrades a database of the release before in place: name keys filled, every user found, writes kept in step', async () => {
      const older = await e.open();
      try {
        const db0 = await openKysely<unknown>(older.target);
        try {
          await migrateToLatest(db0, { legacy: legacyMigrations, steps: namedMigrations.filter((m) => m.name < SEARCH_STEP) });
          const now = db0.dialect.toDbDate(T0);
          for (const u of people)
            await sql`INSERT INTO users (id, username, username_key, username_precis_key, email, email_key, email_precis_key,
              first_name, last_name, password_hash, status, created_at, updated_at)
              VALUES (${u.id}, ${u.username}, ${u.username.normalize('NFC').toLowerCase()}, ${usernameKey(u.username)}, ${u.email},
                ${u.email.normalize('NFC').toLowerCase()}, ${emailKey(u.email)}, ${u.firstName}, ${u.lastName}, 'x', 'active', ${now}, ${now})`.execute(
              db0.db,
            );
        } finally {
          await db0.close();
        }
        const upgraded = await createStore(older.target);
        try {
          for (const term of TERMS) {
            const page = await upgraded.users.list({ search: term, limit: 100, offset: 0 });
            expect(
              page.items.map((u) => u.id),
              `after the upgrade, "${term}"`,
            ).to.deep.equal(expected(term));
          }
          await upgraded.users.update('u01', { firstName: 'Renée' }, at(5));
          await upgraded.users.delete('u02');
          await upgraded.users.insert(user('new', 'newcomer', { firstName: 'Þóra', lastName: 'Ng' }));
          const ids = async (q: string) => (await upgraded.users.list({ search: q, limit: 100, offset: 0 })).items.map((u) => u.id);
          expect(await ids('renée')).to.deep.equal(['u01']);
          expect(await ids('ÞÓRA n')).to.deep.equal(['new']);
          expect(await ids(people[2]?.username ?? '')).to.deep.equal([]);
        } finally {
          await upgraded.close();
        }
      } finally {
        await older.drop();
      }
    });

    if (e.kind === 'sqlite')
      it('keeps finding the right users after VACUUM (SQLite keeps the rowids the FTS5 index holds)', async () => {
        const fresh = await e.open();
        try {
          const s = await createStore(fresh.target);
          for (const u of people) await s.users.insert(u);
          for (const u of people.filter((_, i) => i % 3 === 0)) await s.users.delete(u.id);
          await s.close();
          const raw = await openKysely<unknown>(fresh.target);
          await sql`VACUUM`.execute(raw.db);
          await raw.close();
          const after = await createStore(fresh.target);
          try {
            for (const term of ['lee', 'élo', 'straße', 'example']) {
              const want = expected(term).filter((id) => Number(id.slice(1)) % 3 !== 0);
              expect(
                (await after.users.list({ search: term, limit: 100, offset: 0 })).items.map((u) => u.id),
                term,
              ).to.deep.equal(want);
            }
            await after.users.update('u01', { lastName: 'Vacuumed' }, at(9));
            expect((await after.users.list({ search: 'vacuumed', limit: 10, offset: 0 })).items.map((u) => u.id)).to.deep.equal(['u01']);
          } finally {
            await after.close();
          }
        } finally {
          await fresh.drop();
        }
      });

    if (e.kind === 'postgres')
      it('migrates and searches without pg_trgm when the server refuses CREATE EXTENSION, and says so once at start', async () => {
        const scratch = await createScratchDatabase(testDatabaseServer(), 'idp_no_trgm');
        const role = `no_ext_${process.pid}_${Date.now().toString(36)}`;
        const admin = await openKysely<unknown>({ kind: 'postgres', url: scratch.url });
        try {
          // Tables in schema public, but no CREATE on the database: a trusted extension is refused too.
          await sql.raw(`CREATE ROLE ${role} LOGIN`).execute(admin.db);
          await sql.raw(`GRANT CREATE ON SCHEMA public TO ${role}`).execute(admin.db);
          const url = new URL(scratch.url);
          url.username = role;
          url.password = '';
          const warnings: string[] = [];
          const logger = { warn: (msg: string) => warnings.push(msg), error: (msg: string) => warnings.push(msg) };
          const s = await createStore({ kind: 'postgres', url: url.toString() }, { logger: logger as never });
          try {
            const named = await sql<{ name: string }>`SELECT name FROM named_migrations WHERE name = ${SEARCH_STEP}`.execute(admin.db);
            expect(named.rows).to.have.length(1);
            const ext = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'pg_trgm'`.execute(admin.db);
            expect(ext.rows[0]?.n).to.equal(0);
            expect(warnings.filter((w) => w.includes('pg_trgm'))).to.have.length(1);
            for (const u of people.slice(0, 14)) await s.users.insert(u);
            for (const term of ['lee', 'élo', 'ß', 'o"e']) {
              const want = expected(term).filter((id) => Number(id.slice(1)) < 14);
              expect(
                (await s.users.list({ search: term, limit: 100, offset: 0 })).items.map((u) => u.id),
                term,
              ).to.deep.equal(want);
            }
          } finally {
            await s.close();
          }
        } finally {
          await admin.close();
          await scratch.drop();
          const server = await openKysely<unknown>({ kind: 'postgres', url: testDatabaseServer() });
          await sql.raw(`DROP ROLE IF EXISTS ${role}`).execute(server.db);
          await server.close();
        }
      });
  });
}
