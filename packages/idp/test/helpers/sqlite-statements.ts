// Counts the SQLite statements the IdP runs (every better-sqlite3 statement of the process) while `fn` runs.
import { openSqlite } from '@samlbridge/web';

export async function sqliteStatementsOf(fn: () => Promise<unknown>): Promise<string[]> {
  const probe = openSqlite(':memory:', []);
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, unknown>;
  probe.close();
  const seen: string[] = [];
  const originals = new Map<string, unknown>();
  for (const method of ['run', 'all', 'get', 'iterate']) {
    const original = proto[method] as (...args: unknown[]) => unknown;
    originals.set(method, original);
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      seen.push(this.source);
      return original.apply(this, args);
    };
  }
  try {
    await fn();
  } finally {
    for (const [method, original] of originals) proto[method] = original;
  }
  return seen;
}
