// Nothing secret is stored in clear — every row of every SQLite table is read after bootstrap and sign-ins.

import { createHash } from 'node:crypto';
import { dumpSqlite, suiteFixture } from '@samlbridge/test-support';
import { openSqlite } from '@samlbridge/web';
import { expect } from 'chai';
import { resolveDatabase } from '../../../src/config.js';
import { ADMIN_COOKIE } from '../../../src/http/admin/kit/admin-session.js';
import { SESSION_COOKIE } from '../../../src/http/auth-session.js';
import { ADMIN_PASSWORD, adminSignIn } from '../../helpers/admin.js';
import { DEMO_PASSWORD, signInThroughForm, startIdp } from '../../helpers/harness.js';

describe('IdP secrets at rest (SQLite rows)', () => {
  const h = suiteFixture(() => startIdp({ adminApiKey: 'idp-at-rest-api-key-0123456789' }));

  it('stores the admin API key, passwords and session IDs only as hashes', async () => {
    const client = h.client();
    await signInThroughForm(client, '/login');
    await adminSignIn(client);
    const newPassword = 'a-brand-new-password-42';
    await h.idp.services.directory.createUser({ username: 'at.rest', email: 'at.rest@example.com', password: newPassword });
    expect((await fetch(`${h.url}/api/users`, { headers: { 'x-api-key': 'idp-at-rest-api-key-0123456789' } })).status).to.equal(200);
    const sessions = [client.cookies.get(SESSION_COOKIE), client.cookies.get(ADMIN_COOKIE)].filter((v): v is string => !!v);
    expect(sessions).to.have.length(2);
    const location = resolveDatabase(h.idp.config);
    if (location.kind !== 'sqlite') throw new Error('SQLite expected');
    const dump = dumpSqlite(location.file, (file) => openSqlite(file, []));
    for (const secret of ['idp-at-rest-api-key-0123456789', ADMIN_PASSWORD, DEMO_PASSWORD, newPassword, ...sessions]) {
      expect(dump, 'clear secret in the database').not.to.contain(secret);
    }
    // The hashes are there (so the test reads the right rows).
    expect(dump).to.contain(createHash('sha256').update('idp-at-rest-api-key-0123456789').digest('hex'));
    expect(dump).to.contain(
      createHash('sha256')
        .update(sessions[0] as string)
        .digest('hex'),
    );
    expect(dump).to.match(/scrypt\$/);
  });
});
