// Scratch databases copied from a migrated template (postgres-template.ts): the template is built once per
// server and key, even when several callers ask at once, copies hold what the build made, and without a
// template a scratch database is still empty (the migration suites start from one).
import { randomUUID } from 'node:crypto';
import { testDatabaseServer } from '@samlbridge/test-support';
import { expect } from 'chai';
import pg from 'pg';
import { createScratchDatabase, type ScratchDatabase, type ScratchTemplate, scratchTemplateName } from '../src/index.js';

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** A template whose build makes one table with one row, and counts its builds. */
function countingTemplate(): ScratchTemplate & { builds: number } {
  const template = {
    name: 'web_template_test',
    key: randomUUID(),
    builds: 0,
    async build(url: string) {
      template.builds++;
      await query(url, "CREATE TABLE marker (note text); INSERT INTO marker VALUES ('from the template')");
    },
  };
  return template;
}

describe('Scratch PostgreSQL databases from a migrated template', () => {
  const made: ScratchDatabase[] = [];
  const templates: string[] = [];
  afterEach(async () => {
    await Promise.allSettled(made.splice(0).map((d) => d.drop()));
    for (const name of templates.splice(0)) {
      await query(testDatabaseServer(), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });

  it('builds the template once for callers asking at the same time, and each copy holds what the build made', async () => {
    const template = countingTemplate();
    made.push(...(await Promise.all([1, 2, 3].map(() => createScratchDatabase(testDatabaseServer(), 'web_from_template', { template })))));
    templates.push(await scratchTemplateName(testDatabaseServer(), template));
    expect(template.builds).to.equal(1);
    for (const database of made) {
      expect(await query<{ note: string }>(database.url, 'SELECT note FROM marker')).to.deep.equal([{ note: 'from the template' }]);
    }
  });

  it('keeps a copy apart from the template and from the other copies', async () => {
    const template = countingTemplate();
    const [a, b] = await Promise.all([1, 2].map(() => createScratchDatabase(testDatabaseServer(), 'web_from_template', { template })));
    made.push(a as ScratchDatabase, b as ScratchDatabase);
    templates.push(await scratchTemplateName(testDatabaseServer(), template));
    await query((a as ScratchDatabase).url, "INSERT INTO marker VALUES ('only in a')");
    expect(await query((b as ScratchDatabase).url, 'SELECT note FROM marker')).to.have.length(1);
    const again = await createScratchDatabase(testDatabaseServer(), 'web_from_template', { template });
    made.push(again);
    expect(await query(again.url, 'SELECT note FROM marker')).to.have.length(1);
  });

  it('names the template by its key, and refuses connections to it (PostgreSQL copies only a database nobody is connected to)', async () => {
    const first = countingTemplate();
    const second = { ...countingTemplate(), key: `${first.key} and one more migration` };
    const [one, two] = [await scratchTemplateName(testDatabaseServer(), first), await scratchTemplateName(testDatabaseServer(), second)];
    templates.push(one, two);
    expect(one).to.not.equal(two);
    const rows = await query<{ datname: string; datallowconn: boolean }>(
      testDatabaseServer(),
      'SELECT datname, datallowconn FROM pg_database WHERE datname = ANY($1) ORDER BY datname',
      [[one, two]],
    );
    expect(rows.map((r) => r.datallowconn)).to.deep.equal([false, false]);
  });

  it('without a template, creates an empty database (the migration suites start from one)', async () => {
    const database = await createScratchDatabase(testDatabaseServer(), 'web_empty');
    made.push(database);
    expect(await query(database.url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).to.deep.equal([]);
  });
});
