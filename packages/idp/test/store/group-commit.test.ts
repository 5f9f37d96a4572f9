// The sign-in's rows written in groups (store/group-commit.ts), what the Store contract cannot see: how many
// statements a group takes, and that closing the store writes what is still queued (a clean shutdown loses no row).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createStore } from '../../src/store/index.js';
import { sqliteStatementsOf as statementsOf } from '../helpers/sqlite-statements.js';
import { at, event } from './fixtures.js';

describe('sign-in rows written in groups (SQLite file)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'idp-group-commit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the rows of 20 sign-ins started at once in one statement per table', async () => {
    const store = await createStore({ kind: 'sqlite', file: join(dir, 'idp.db') });
    try {
      const statements = await statementsOf(() =>
        Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            Promise.all([
              store.singleLogout.recordParticipant({
                sessionIndex: `_s${i}`,
                userId: 'u1',
                applicationId: 'a1',
                nameId: { value: `n${i}` },
                createdAt: at(i),
                expiresAt: at(i + 60),
              }),
              store.events.insert(event(`e${i}`, i)),
            ]),
          ),
        ),
      );
      expect(statements.map((s) => /^insert into "(\w+)"/.exec(s)?.[1])).to.deep.equal(['session_participants', 'events']);
      expect((await store.events.list({ limit: 50, offset: 0 })).total).to.equal(20);
    } finally {
      await store.close();
    }
  });

  it('writes the rows still queued when the store is closed (clean shutdown)', async () => {
    const file = join(dir, 'idp.db');
    const store = await createStore({ kind: 'sqlite', file });
    const written = store.events.insert(event('queued-at-close', 1));
    await store.close();
    await written;
    const reopened = await createStore({ kind: 'sqlite', file });
    try {
      expect((await reopened.events.list({ limit: 10, offset: 0 })).items.map((e) => e.id)).to.deep.equal(['queued-at-close']);
    } finally {
      await reopened.close();
    }
  });
});
