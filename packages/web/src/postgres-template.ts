// Migrated template databases for scratch PostgreSQL databases (tests): migrating a new database costs the
// server about half a second of CPU per app; `CREATE DATABASE … TEMPLATE` copies a migrated one in a fraction
// of that. Each template is built once per server (by the first process to ask, the others wait on an advisory
// lock) and kept for the life of the server (the test runner's throwaway cluster: one run). Its name carries a
// hash of `key` (the app's migration names), so a server kept between runs never hands out a template of an
// older migration list. Connections to a template are refused (ALLOW_CONNECTIONS false): PostgreSQL copies a
// database only while nobody is connected to it.
import { createHash } from 'node:crypto';
import pg from 'pg';

export interface ScratchTemplate {
  /** Database name prefix, e.g. `idp_template`. */
  name: string;
  /** Changes when the template's content would: the app's migration names, say. */
  key: string;
  /** Fills the new, empty database at `url` (opens the app's store, which migrates it, and closes it again). */
  build(url: string): Promise<void>;
}

const built = new Map<string, Promise<string>>();

/** The name of the migrated template database for `template` on the server of `serverUrl`, built on first use. */
export function scratchTemplateName(serverUrl: string, template: ScratchTemplate): Promise<string> {
  const hash = createHash('sha256').update(template.key).digest('hex').slice(0, 12);
  const name = `${template.name}_${hash}`.toLowerCase();
  const memo = `${serverUrl} ${name}`;
  let ready = built.get(memo);
  if (!ready) {
    ready = ensureTemplate(serverUrl, name, template.build);
    built.set(memo, ready);
    // A failed build is tried again by the next caller, not remembered as failed for the whole process.
    ready.catch(() => built.delete(memo));
  }
  return ready;
}

async function ensureTemplate(serverUrl: string, name: string, build: (url: string) => Promise<void>): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    // Session-level lock on the name: one builder per server, whichever process comes first.
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    const { rows } = await client.query<{ ready: boolean }>('SELECT NOT datallowconn AS ready FROM pg_database WHERE datname = $1', [name]);
    if (rows[0]?.ready) return name;
    // Left over by a builder that died half-way: start again.
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    try {
      await build(url.toString());
    } catch (err) {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      throw err;
    }
    // Ready once connections are refused: that is what the check above reads. (Not IS_TEMPLATE: its owner may copy
    // it without, and a role that may only CREATE DATABASE could not set it.)
    await client.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
    return name;
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch(() => {
      // The session ends next, and its advisory locks with it: the unlock only frees the name sooner.
    });
    await client.end();
  }
}
