// A database the SP cannot write (PostgreSQL with default_transaction_read_only, a real read-only database):
// start-up is refused with a clear message; at run time /readyz fails and writes answer 503 with Retry-After.
import { describeReadOnlyDatabase, testDatabaseServer } from '@samlbridge/test-support';
import { createScratchDatabase, listen } from '@samlbridge/web';
import { pino } from 'pino';
import { createSp } from '../../src/index.js';

const ADMIN_KEY = 'sp-readonly-admin-key';

describeReadOnlyDatabase({
  name: 'SP',
  createDatabase: () => createScratchDatabase(testDatabaseServer(), 'sp_readonly'),
  async serve(databaseUrl, dataDir) {
    const sp = await createSp({ env: {}, config: { dataDir, databaseUrl, adminApiKey: ADMIN_KEY }, logger: pino({ level: 'silent' }) });
    const server = await listen(sp.app, 0);
    return { url: server.url, close: () => server.close().then(() => sp.close()) };
  },
  write: (baseUrl) =>
    fetch(`${baseUrl}/api/admin/sso`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ remoteSignInUrl: 'https://idp.example.test/saml2/talentlms' }),
    }),
});
