// fast-check: the filter parser → SQL compiler and the PATCH engine only ever fail with a SCIM error (never a crash);
// over HTTP, random filters never produce a 500. (A filter's cost is bounded by its length and expression limits,
// tested in filters.test.ts; speed belongs to bench/, not to a wall-clock assert here.)
import { suiteFixture } from '@samlbridge/test-support';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import fc from 'fast-check';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { describe, it } from 'mocha';
import { ScimError } from '../../src/scim/errors.js';
import { parseFilter, USER_FILTER_ATTRS } from '../../src/scim/filter.js';
import { applyPatch, readPatchRequest } from '../../src/scim/patch.js';
import { USER_PATCH_OPTIONS } from '../../src/scim/users-endpoints.js';
import { compileFilter, userColumns } from '../../src/store/filter-sql.js';
import { startScim } from './scim-helpers.js';

const attrs = [
  'userName',
  'USERNAME',
  'emails',
  'emails.value',
  'name.givenName',
  'active',
  'meta.lastModified',
  'externalId',
  'id',
  'bogus',
  'urn:ietf:params:scim:schemas:core:2.0:User:userName',
];
const ops = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr', 'EQ', 'xx'];
const values = fc.oneof(
  fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
  fc.constantFrom('true', 'false', 'null', '12', '"2026-03-01T10:00:00Z"', '"%_\\\\"'),
);
const leaf = fc
  .tuple(fc.constantFrom(...attrs), fc.constantFrom(...ops), values)
  .map(([a, o, v]) => (o.toLowerCase() === 'pr' ? `${a} pr` : `${a} ${o} ${v}`));
const filterText: fc.Arbitrary<string> = fc.letrec<{ f: string }>((tie) => ({
  f: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('f'), fc.constantFrom('and', 'or', 'AND'), tie('f')).map(([a, o, b]) => `${a} ${o} ${b}`),
    tie('f').map((x) => `not (${x})`),
    tie('f').map((x) => `(${x})`),
    fc.constantFrom('emails[type eq "work"]', 'emails[type eq "work"].value co "x"'),
  ),
})).f;
const anyText = fc.oneof(
  filterText,
  fc.string({ maxLength: 60 }),
  filterText.map((s) => s.slice(0, Math.max(1, s.length - 3))),
);

function onlyScimErrors(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof ScimError)) throw err;
    expect(err.status).to.equal(400);
  }
}

describe('SCIM fuzzing', function () {
  this.timeout(60_000);
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE users (id INTEGER PRIMARY KEY, tenant TEXT, login TEXT, email TEXT, first_name TEXT, last_name TEXT, active INTEGER,
    role TEXT, created_at TEXT, updated_at TEXT, external_id TEXT, display_name TEXT, formatted_name TEXT, timezone TEXT, user_type TEXT, deleted_at TEXT, login_key TEXT, email_key TEXT)`);
  const columns = userColumns({ timezone: 'UTC', userType: 'Learner-Type' });
  const kysely = new Kysely<unknown>({ dialect: new SqliteDialect({ database: db }) });

  it('parses and compiles any filter text to SQL SQLite accepts, or refuses it with 400 invalidFilter', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        onlyScimErrors(() => {
          const node = parseFilter(text, USER_FILTER_ATTRS);
          const query = sql`SELECT COUNT(*) FROM users u WHERE ${compileFilter(node, columns)}`.compile(kysely);
          expect(query.sql).to.not.include('"');
          db.prepare(query.sql).get(...query.parameters);
        });
      }),
      { numRuns: 1500 },
    );
  });

  const path = fc.oneof(
    fc.constantFrom(
      'active',
      'userName',
      'name.givenName',
      'emails',
      'emails[type eq "work"].value',
      'id',
      'meta',
      'password',
      'urn:ietf:params:scim:schemas:extension:talentlms:2.0:User:timezone',
      'emails[',
      'a.b.c',
    ),
    fc.string({ maxLength: 20 }),
  );
  const jsonValue = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom('False', 'True', { 'name.givenName': 'x' }, [{ value: 'a@b.c', type: 'work' }]),
  );
  const op = fc.record(
    { op: fc.constantFrom('add', 'Replace', 'remove', 'REMOVE', 'copy'), path, value: jsonValue },
    { requiredKeys: ['op'] },
  );

  it('the PATCH engine applies or refuses any operation list with a 400 SCIM error', () => {
    const doc = {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id: '1',
      userName: 'u',
      name: { givenName: 'G' },
      emails: [{ value: 'u@example.test', type: 'work', primary: true }],
      active: true,
    };
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 8 }), (operations) => {
        onlyScimErrors(() => {
          const parsed = readPatchRequest({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: operations });
          applyPatch(doc, parsed, USER_PATCH_OPTIONS);
        });
        expect(doc.userName).to.equal('u');
      }),
      { numRuns: 1500 },
    );
  });

  describe('over HTTP', () => {
    const h = suiteFixture(() => startScim());

    it('never answers 500 to a random filter or PATCH', async () => {
      const created = await h.scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'fuzz' });
      await fc.assert(
        fc.asyncProperty(anyText, fc.array(op, { minLength: 1, maxLength: 4 }), async (text, operations) => {
          const r = await h.scim('GET', `/Users?filter=${encodeURIComponent(text)}`);
          expect([200, 400]).to.include(r.status);
          const p = await h.scim('PATCH', `/Users/${created.body.id}`, {
            schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
            Operations: operations,
          });
          expect([200, 400, 409]).to.include(p.status);
        }),
        { numRuns: 150 },
      );
    });
  });
});
