// A database the IdP cannot write (PostgreSQL with default_transaction_read_only, a real read-only database):
// start-up is refused with a clear message; at run time /readyz fails and writes answer 503 with Retry-After.
import { describeReadOnlyDatabase, testDatabaseServer } from '@samlbridge/test-support';
import { createScratchDatabase, listen } from '@samlbridge/web';
import { pino } from 'pino';
import { createIdp } from '../../src/index.js';

describeReadOnlyDatabase({
  name: 'IdP',
  createDatabase: () => createScratchDatabase(testDatabaseServer(), 'idp_readonly'),
  async serve(databaseUrl, dataDir) {
    const idp = await createIdp({
      env: {},
      config: { dataDir, databaseUrl, provisioningWorker: false },
      logger: pino({ level: 'silent' }),
    });
    const server = await listen(idp.app, 0);
    return { url: server.url, close: () => server.close().then(() => idp.close()) };
  },
  write: (baseUrl) =>
    fetch(`${baseUrl}/api/users`, {
      method: 'POST',
      headers: { 'x-api-key': 'idp-demo-admin-key', 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ro.user', email: 'ro@example.com' }),
    }),
});
