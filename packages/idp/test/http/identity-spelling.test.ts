// One spelling per identity at the IdP, on both databases: the admin API, the admin portal and the
// import refuse a second spelling of a username (width, case, accent encoding), refuse invisible and
// direction-changing characters with a clear message, and warn about lookalike usernames.

import { appOnEngine, ENGINES } from '@samlbridge/test-support';
import { expect } from 'chai';
import { submit, submitRefused } from '../helpers/admin.js';
import { apiClient, problems } from '../helpers/api.js';
import { unescapeHtml } from '../helpers/html.js';
import { startPortal } from '../helpers/portal.js';
import { migratedIdpDatabase } from '../helpers/scratch-database.js';
import { startScimIdp } from '../provisioning/scim-idp.js';

/** A new scratch database on the PostgreSQL test server, named `prefix…`. */
const scratchDatabase = (prefix: string) => () => migratedIdpDatabase(prefix);

for (const engine of ENGINES) {
  describe(`IdP: one spelling per identity (${engine})`, function () {
    this.timeout(20000);
    const p = appOnEngine(engine, scratchDatabase('idp_identity_http'), async (databaseUrl) => {
      const portal = await startPortal(databaseUrl ? { databaseUrl } : {});
      return { ...portal, close: () => portal.h.close() };
    });
    const api: ReturnType<typeof apiClient> = (...args) => apiClient(p.h)(...args);

    it('admin API: refuses a full-width spelling of an existing username with a 409 naming the existing one', async () => {
      const res = await api('POST', '/users', { username: 'ｄｅｍｏ.user', email: 'fullwidth@example.com' });
      expect(res.status).to.equal(409);
      expect(res.body.error).to.equal('conflict');
      expect(res.body.message).to.equal(
        'The username "ｄｅｍｏ.user" is already used by another user, as "demo.user": usernames are compared ignoring case, full-width forms and how accents are encoded',
      );
    });

    it('admin API: refuses a zero-width character in a username or email with a 400 naming the character', async () => {
      const res = await api('POST', '/users', { username: 'demo.user\u200B', email: 'zw\u200B@example.com' });
      expect(res.status).to.equal(400);
      expect(problems(res)).to.deep.equal([
        'email: must not contain U+200B (zero-width character) at position 3: such characters make two different names look the same',
        'username: must not contain U+200B (zero-width character) at position 10: such characters make two different names look the same',
      ]);
    });

    it('admin API: refuses a bidirectional override in a username on PATCH too', async () => {
      const created = await api('POST', '/users', { username: 'bidi.check', email: 'bidi@example.com' });
      const res = await api('PATCH', `/users/${created.body.id}`, { username: 'bidi\u202Echeck' });
      expect(res.status).to.equal(400);
      expect(problems(res)).to.deep.equal([
        'username: must not contain U+202E (bidirectional override or isolate) at position 5: such characters make two different names look the same',
      ]);
    });

    it('admin API: an upper-case accented username is the same user as its lower-case spelling', async () => {
      expect((await api('POST', '/users', { username: 'ÉLODIE1', email: 'elodie1@example.com' })).status).to.equal(201);
      const res = await api('POST', '/users', { username: 'élodie1', email: 'elodie1b@example.com' });
      expect(res.status).to.equal(409);
    });

    it('admin portal: refuses a full-width twin, and warns about a Cyrillic lookalike naming the user it resembles', async () => {
      const refused = await submitRefused(p.admin, '/admin/users', { username: 'ＤＥＭＯ.USER', email: 'twin@example.com' }, p.csrf);
      expect(refused.status).to.equal(409);
      expect(unescapeHtml(refused.page)).to.contain('The username "ＤＥＭＯ.USER" is already used by another user, as "demo.user"');
      const { page } = await submit(p.admin, '/admin/users', { username: 'dеmo.user', email: 'cyrillic@example.com' }, p.csrf);
      expect(unescapeHtml(page)).to.contain(
        '<div class="alert warn" role="status">User dеmo.user was created. Check the username "dеmo.user": it mixes Latin and Cyrillic letters in "dеmo" and looks like the existing user "demo.user".</div>',
      );
      expect(await p.h.idp.services.directory.findUserByUsername('dеmo.user')).to.include({ email: 'cyrillic@example.com' });
    });

    it('admin portal: a plain new username gets the usual confirmation, no warning', async () => {
      const { page } = await submit(p.admin, '/admin/users', { username: 'plain.name', email: 'plain@example.com' }, p.csrf);
      expect(page).to.contain('<div class="alert ok" role="status">User plain.name was created.</div>');
    });
  });

  describe(`IdP import: one spelling per identity (${engine})`, function () {
    this.timeout(20000);
    const setup = appOnEngine(engine, scratchDatabase('idp_identity_import'), async (databaseUrl) => {
      const started = await startScimIdp({
        provisioningWorker: false,
        secretKey: 'c'.repeat(64),
        ...(databaseUrl ? { databaseUrl } : {}),
      });
      await started.idp.provisioning.idm.activate(
        started.appId,
        { baseUrl: started.scim.url, token: started.scim.token, importSchedule: 'hourly' },
        'test',
      );
      return started;
    });
    it('takes a remote full-width spelling as the existing user and refuses a zero-width one, creating no twin', async () => {
      const before = (await setup.idp.services.directory.listUsers({ limit: 100, offset: 0 })).total;
      setup.scim.users.set('r1', { id: 'r1', userName: 'ＤＥＭＯ.user', emails: [{ value: 'r1@example.com', primary: true }] });
      setup.scim.users.set('r2', { id: 'r2', userName: 'demo.user\u200B', emails: [{ value: 'r2@example.com', primary: true }] });
      await setup.idp.provisioning.importer.runScheduled();
      expect((await setup.idp.services.directory.listUsers({ limit: 100, offset: 0 })).total).to.equal(before);
      expect(await setup.idp.services.directory.findUserByUsername('demo.user')).to.include({ email: 'demo.user@example.com' });
    });
  });
}
