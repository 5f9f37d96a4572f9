// Directory Insights events are kept IDP_EVENTS_RETENTION_DAYS: the housekeeping sweep deletes older rows in
// batches and keeps the rest, on a real SQLite file and a real PostgreSQL database, with the injected clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedTestSigningKey } from '@samlbridge/test-support';
import { fixedClock } from '@samlbridge/web';
import { expect } from 'chai';
import { pino } from 'pino';
import { createIdp } from '../../src/index.js';
import { migratedIdpDatabase } from '../helpers/scratch-database.js';

const T0 = new Date('2030-01-01T00:00:00.000Z');
const DAY_MS = 86_400_000;

describe('IdP events retention (IDP_EVENTS_RETENTION_DAYS)', () => {
  for (const engine of ['SQLite', 'PostgreSQL'] as const) {
    it(`deletes the events older than the retention in batches and keeps the newer ones (${engine})`, async function () {
      this.timeout(90_000);
      const dir = seedTestSigningKey(mkdtempSync(join(tmpdir(), 'samlbridge-retention-')));
      const database = engine === 'PostgreSQL' ? await migratedIdpDatabase('idp_retention') : undefined;
      const idp = await createIdp({
        env: {},
        config: { dataDir: dir, eventsRetentionDays: 30, provisioningWorker: false, ...(database ? { databaseUrl: database.url } : {}) },
        clock: fixedClock(T0),
        logger: pino({ level: 'silent' }),
      });
      try {
        const event = (id: string, daysAgo: number) => ({
          id,
          time: new Date(T0.getTime() - daysAgo * DAY_MS),
          type: 'admin_portal' as const,
          initiator: 'anonymous',
          userId: null,
          username: null,
          resource: null,
          application: null,
          success: true,
          reason: null,
          detail: { age: daysAgo },
        });
        for (let i = 0; i < 1001; i++) await idp.store.events.insert(event(`old-${i}`, 31 + (i % 5)));
        await idp.store.events.insert(event('day-29', 29));
        await idp.store.events.insert(event('today', 0));
        const result = await idp.sweepExpired();
        expect(result.events).to.equal(1001);
        const kept = await idp.store.events.list({ type: 'admin_portal', limit: 5000, offset: 0 });
        expect(
          kept.items
            .map((e) => e.id)
            .filter((id) => /^(old|day|today)/.test(id))
            .sort(),
        ).to.deep.equal(['day-29', 'today']);
        expect((await idp.sweepExpired()).events).to.equal(0);
      } finally {
        await idp.close();
        await database?.drop();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
