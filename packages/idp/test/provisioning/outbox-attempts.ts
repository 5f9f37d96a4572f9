// Reads the outbox rows' attempt counts straight from the IdP's database (tests only): "waited, not failed".
import { openKysely } from '@samlbridge/web';
import { sql } from 'kysely';
import { type Idp, resolveDatabase } from '../../src/index.js';

export async function outboxAttempts(idp: Idp): Promise<{ rows: number; attempts: number; failed: number }> {
  const database = await openKysely<unknown>(resolveDatabase(idp.config));
  try {
    const r = await sql<{ rows: number; attempts: number | null; failed: number | null }>`
      SELECT COUNT(*) AS rows, SUM(attempts) AS attempts,
             SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed
      FROM provisioning_outbox`.execute(database.db);
    const row = r.rows[0]!;
    return { rows: Number(row.rows), attempts: Number(row.attempts ?? 0), failed: Number(row.failed ?? 0) };
  } finally {
    await database.close();
  }
}
