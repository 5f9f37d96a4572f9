// A database the SP cannot write (PostgreSQL with default_transaction_read_only, a real read-only database):
// start-up is refused with a clear message; at run time /readyz fails and writes answer 503 with Retry-After.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabaseServer } from '@samlbridge/test-support';
import { createScratchDatabase, listen, type ScratchDatabase } from '@samlbridge/web';
import { expect } from 'chai';
import pg from 'pg';
import { pino } from 'pino';
import { createSp } from '../../src/index.js';

const ADMIN_KEY = 'sp-readonly-admin-key';

async function setReadOnly(db: ScratchDatabase, on: boolean): Promise<void> {
  const name = new URL(db.url).pathname.slice(1);
  const client = new pg.Client({ connectionString: testDatabaseServer() });
  await client.connect();
  try {
    await client.query(`ALTER DATABASE "${name}" SET default_transaction_read_only = ${on ? 'on' : 'off'}`);
    // Open connections keep the old setting: end them (the pool reconnects).
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
  } finally {
    await client.end();
  }
}

describe('SP on a PostgreSQL database it cannot write', function () {
  this.timeout(60_000);
  let db: ScratchDatabase;
  let dir: string;
  const make = () =>
    createSp({ env: {}, config: { dataDir: dir, databaseUrl: db.url, adminApiKey: ADMIN_KEY }, logger: pino({ level: 'silent' }) });

  beforeEach(async () => {
    db = await createScratchDatabase(testDatabaseServer(), 'sp_readonly');
    dir = mkdtempSync(join(tmpdir(), 'samlbridge-sp-ro-'));
  });
  afterEach(async () => {
    await setReadOnly(db, false);
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to start, saying the database cannot be written and what to check', async () => {
    const first = await make();
    await first.close();
    await setReadOnly(db, true);
    const err = await make().then(
      () => undefined,
      (e: Error & { code?: string }) => e,
    );
    expect(err?.code).to.equal('database_not_writable');
    expect(err?.message).to.contain('The SP cannot write its PostgreSQL database');
    expect(err?.message).to.contain('does not start on a database it cannot write');
  });

  it('fails /readyz and answers a write with 503 and Retry-After when the database turns read-only while running', async () => {
    const sp = await make();
    const server = await listen(sp.app, 0);
    try {
      expect((await fetch(`${server.url}/readyz`)).status).to.equal(200);
      await setReadOnly(db, true);
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).to.equal(503);
      expect(((await ready.json()) as { checks: Record<string, string> }).checks.database_writable).to.equal('failed');
      const write = await fetch(`${server.url}/api/admin/sso`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ remoteSignInUrl: 'https://idp.example.test/saml2/talentlms' }),
      });
      expect(write.status).to.equal(503);
      expect(write.headers.get('retry-after')).to.equal('5');
      expect(((await write.json()) as { error: string }).error).to.equal('storage_unavailable');
    } finally {
      await server.close();
      await sp.close();
    }
  });
});
