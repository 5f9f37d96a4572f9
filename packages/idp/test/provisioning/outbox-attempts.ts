// Reads the outbox rows' attempt counts straight from the IdP's database (tests only, here and in the root
// test/provisioning suites): "waited, not failed".
import { openKysely } from '@samlbridge/web';
import { type Idp, resolveDatabase } from '../../src/index.js';

export async function outboxAttempts(idp: Idp): Promise<{ rows: number; attempts: number; failed: number }> {
  const database = await openKysely<{ provisioning_outbox: { attempts: number; status: string } }>(resolveDatabase(idp.config));
  try {
    const rows = await database.db.selectFrom('provisioning_outbox').select(['attempts', 'status']).execute();
    return {
      rows: rows.length,
      attempts: rows.reduce((n, r) => n + Number(r.attempts), 0),
      failed: rows.filter((r) => r.status === 'failed').length,
    };
  } finally {
    await database.close();
  }
}
