// One spelling per identity over the SP's SCIM API, on both databases: a second spelling of a
// userName is refused (409 uniqueness), invisible and direction-changing characters are refused
// (400 invalidValue), filters compare by the key (caseExact=false), and group IDs are never reused.
import { appOnEngine, ENGINES } from '@samlbridge/test-support';
import { expect } from 'chai';
import { migratedSpDatabase } from '../helpers/scratch-database.js';
import { createUser, expectScimError, GROUP_SCHEMA, newUser, startScim } from './scim-helpers.js';

const scimDatabase = () => migratedSpDatabase('sp_identity_scim');

for (const engine of ENGINES) {
  describe(`SCIM: one spelling per identity (${engine})`, function () {
    this.timeout(20000);
    const h = appOnEngine(engine, scimDatabase, (databaseUrl) => startScim(databaseUrl ? { config: { databaseUrl } } : {}));

    it('refuses élodie1 next to ÉLODIE1 with 409 uniqueness', async () => {
      await createUser(h, 'ÉLODIE1', { emails: [{ value: 'elodie.one@example.test', primary: true }] });
      const r = await h.scim('POST', '/Users', newUser('élodie1', { emails: [{ value: 'elodie.two@example.test', primary: true }] }));
      expectScimError(r, 409, 'uniqueness');
    });

    it('refuses a full-width spelling of an existing userName with 409 uniqueness', async () => {
      await createUser(h, 'demo.user');
      const r = await h.scim('POST', '/Users', newUser('ｄｅｍｏ.user', { emails: [{ value: 'fullwidth@example.test', primary: true }] }));
      expectScimError(r, 409, 'uniqueness');
    });

    it('refuses a zero-width character in userName or an email with 400 invalidValue naming it', async () => {
      const zw = await h.scim('POST', '/Users', newUser('demo.user\u200B', { emails: [{ value: 'zw@example.test', primary: true }] }));
      expectScimError(zw, 400, 'invalidValue');
      expect(zw.body.detail).to.equal(
        '"userName" must not contain U+200B (zero-width character) at position 10: such characters make two different names look the same',
      );
      const email = await h.scim(
        'POST',
        '/Users',
        newUser('zw.email', { emails: [{ value: 'zw\uFEFFmail@example.test', primary: true }] }),
      );
      expectScimError(email, 400, 'invalidValue');
      expect(email.body.detail).to.match(/^"emails.value" must not contain U\+FEFF \(zero-width character\)/);
    });

    it('refuses a bidirectional override or isolate in userName with 400 invalidValue', async () => {
      for (const c of ['\u202E', '\u2066']) {
        const r = await h.scim('POST', '/Users', newUser(`bidi${c}user`, { emails: [{ value: 'bidi@example.test', primary: true }] }));
        expectScimError(r, 400, 'invalidValue');
        expect(r.body.detail).to.contain('bidirectional override or isolate');
      }
    });

    it('finds ÖMER.FILTER with filter=userName eq "ömer.filter" (caseExact=false, RFC 7643 §4.1.1)', async () => {
      await createUser(h, 'ÖMER.FILTER', { emails: [{ value: 'ömer@example.test', primary: true }] });
      for (const filter of ['userName eq "ömer.filter"', 'userName sw "ömer"', 'emails.value eq "ÖMER@example.test"']) {
        const r = await h.scim('GET', `/Users?filter=${encodeURIComponent(filter)}`);
        expect(r.status).to.equal(200);
        expect(
          r.body.Resources?.map((u) => u.userName),
          filter,
        ).to.deep.equal(['ÖMER.FILTER']);
      }
    });

    it('never gives a deleted group’s ID to the next new group (RFC 7643 §3.1)', async () => {
      const group = (displayName: string) => h.scim('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName });
      const first = await group('Reuse One');
      expect(first.status).to.equal(201);
      expect((await h.scim('DELETE', `/Groups/${first.body.id}`)).status).to.equal(204);
      const second = await group('Reuse Two');
      expect(second.status).to.equal(201);
      expect(second.body.id).to.not.equal(first.body.id);
      expect((await h.scim('GET', `/Groups/${first.body.id}`)).status).to.equal(404);
    });
  });
}
