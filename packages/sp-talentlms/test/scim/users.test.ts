// /api/scim2/Users over HTTP: create/read/replace/patch/delete in the Okta, Entra ID and JumpCloud dialects, and each error.

import { CookieJar, suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { sessionOf } from '../helpers/harness.js';
import { passwordSignIn } from '../security/support.js';
import { createUser, expectScimError, newUser, patch, startScim, TLMS, USER_SCHEMA } from './scim-helpers.js';

describe('SCIM /Users', function () {
  this.timeout(20_000);
  const h = suiteFixture(() => startScim());

  describe('Okta', () => {
    it('creates a user with POST: 201, Location, meta, account defaults for the extension', async () => {
      const r = await h.scim('POST', '/Users', newUser('okta.user', { externalId: '00u1' }));
      expect(r.status).to.equal(201);
      expect(r.headers.get('content-type')).to.match(/^application\/scim\+json/);
      expect(r.headers.get('location')).to.equal(`http://localhost:5000/api/scim2/Users/${r.body.id}`);
      expect(r.body).to.include({ userName: 'okta.user', externalId: '00u1', active: true, displayName: 'Given Family' });
      expect(r.body[TLMS]).to.deep.equal({ timezone: 'UTC', userType: 'Learner-Type' });
      expect(r.body.meta).to.include({ resourceType: 'User', created: '2026-03-01T10:00:00.000Z' });
      expect(r.body).to.not.have.property('password');
    });

    it('replaces the whole user with PUT (absent attributes are cleared)', async () => {
      const id = await createUser(h, 'okta.put', { externalId: 'x1', [TLMS]: { timezone: 'Europe/Paris' } });
      const r = await h.scim('PUT', `/Users/${id}`, {
        schemas: [USER_SCHEMA],
        id,
        userName: 'okta.put2',
        name: { givenName: 'New', familyName: 'Name' },
        emails: [{ value: 'new.put@example.test', primary: true }],
        active: true,
      });
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body).to.include({ userName: 'okta.put2' });
      expect(r.body).to.not.have.property('externalId');
      expect(r.body).to.not.have.property('displayName');
      expect(r.body.name).to.deep.equal({ givenName: 'New', familyName: 'Name' });
      expect(r.body.emails).to.deep.equal([{ value: 'new.put@example.test', type: 'work', primary: true }]);
      expect(r.body[TLMS]).to.deep.equal({ timezone: 'UTC', userType: 'Learner-Type' });
    });

    it('deactivates with a path-less PATCH {"op":"replace","value":{"active":false}} and still returns the user', async () => {
      const id = await createUser(h, 'okta.deact');
      const r = await h.scim('PATCH', `/Users/${id}`, patch({ op: 'replace', value: { id, active: false } }));
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body.active).to.equal(false);
      expect((await h.scim('GET', `/Users/${id}`)).body.active).to.equal(false);
      const found = await h.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "okta.deact"')}`);
      expect(found.body.totalResults).to.equal(1);
    });
  });

  describe('Entra ID', () => {
    it('takes capitalised ops, "False" strings, emails[type eq "work"].value paths and dotted keys', async () => {
      const id = await createUser(h, 'entra.user', { emails: [] });
      const r = await h.scim(
        'PATCH',
        `/Users/${id}`,
        patch(
          { op: 'Replace', path: 'emails[type eq "work"].value', value: 'Entra.User@Example.test' },
          { op: 'Add', value: { 'name.givenName': 'Ent', 'name.familyName': 'Ra', [`${TLMS}:timezone`]: 'Asia/Tokyo' } },
          { op: 'Replace', path: 'active', value: 'False' },
          { op: 'Add', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber', value: '42' },
        ),
      );
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body.emails).to.deep.equal([{ value: 'Entra.User@Example.test', type: 'work', primary: true }]);
      expect(r.body.name).to.include({ givenName: 'Ent', familyName: 'Ra' });
      expect(r.body.active).to.equal(false);
      expect(r.body[TLMS]).to.include({ timezone: 'Asia/Tokyo' });
      const again = await h.scim('PATCH', `/Users/${id}`, patch({ op: 'Replace', path: 'active', value: 'True' }));
      expect(again.body.active).to.equal(true);
    });

    it('finds users by email case-insensitively', async () => {
      const id = await createUser(h, 'entra.finder', { emails: [{ value: 'Entra.Finder@Example.test', type: 'work', primary: true }] });
      const r = await h.scim('GET', `/Users?filter=${encodeURIComponent('emails[type eq "work"].value eq "ENTRA.finder@example.TEST"')}`);
      expect(r.body.totalResults).to.equal(1);
      expect(r.body.Resources?.[0]).to.include({ id, userName: 'entra.finder' });
    });
  });

  describe('JumpCloud', () => {
    it('applies one op per attribute with name.givenName paths', async () => {
      const id = await createUser(h, 'jc.user');
      const r = await h.scim(
        'PATCH',
        `/Users/${id}`,
        patch(
          { op: 'replace', path: 'name.givenName', value: 'Jay' },
          { op: 'replace', path: 'name.familyName', value: 'Cloud' },
          { op: 'replace', path: 'name.formatted', value: 'Jay Cloud' },
          { op: 'replace', path: 'displayName', value: 'JC' },
          { op: 'replace', path: 'emails', value: [{ value: 'jay@example.test', type: 'work', primary: true }] },
          { op: 'replace', path: 'userName', value: 'jay.cloud' },
        ),
      );
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body).to.include({ userName: 'jay.cloud', displayName: 'JC' });
      expect(r.body.name).to.deep.equal({ formatted: 'Jay Cloud', givenName: 'Jay', familyName: 'Cloud' });
      expect(r.body.emails).to.deep.equal([{ value: 'jay@example.test', type: 'work', primary: true }]);
    });
  });

  describe('errors', () => {
    it('401 without a bearer key, with a wrong key, and after the key is regenerated', async () => {
      expectScimError(await h.scim('GET', '/Users', undefined, { key: null }), 401);
      expectScimError(await h.scim('GET', '/Users', undefined, { key: 'tlms_wrong' }), 401);
    });

    it('404 for an unknown user, an unknown endpoint and a non-numeric id', async () => {
      expectScimError(await h.scim('GET', '/Users/99999'), 404);
      expectScimError(await h.scim('GET', '/Users/abc'), 404);
      expectScimError(await h.scim('GET', '/Nope'), 404);
      expectScimError(await h.scim('PATCH', '/Users/99999', patch({ op: 'replace', path: 'active', value: false })), 404);
    });

    it('409 uniqueness for a userName taken in another case', async () => {
      await createUser(h, 'unique.name');
      const r = await h.scim('POST', '/Users', newUser('UNIQUE.Name', { emails: [{ value: 'other@example.test' }] }));
      expectScimError(r, 409, 'uniqueness');
      expect(r.body.detail).to.match(/userName/);
    });

    it('409 uniqueness "email is not unique" for an email taken in another case', async () => {
      await createUser(h, 'mail.one', { emails: [{ value: 'shared@example.test' }] });
      const r = await h.scim('POST', '/Users', newUser('mail.two', { emails: [{ value: 'SHARED@example.test' }] }));
      expectScimError(r, 409, 'uniqueness');
      expect(r.body.detail).to.equal('email is not unique');
    });

    it('400 invalidSyntax for bad JSON, invalidValue for a wrong schema or missing userName', async () => {
      expectScimError(await h.scim('POST', '/Users', undefined, { raw: '{"userName": ' }), 400, 'invalidSyntax');
      expectScimError(await h.scim('POST', '/Users', { ...newUser('x1'), schemas: [TLMS] }), 400, 'invalidValue');
      expectScimError(await h.scim('POST', '/Users', { schemas: [USER_SCHEMA] }), 400, 'invalidValue');
      expectScimError(await h.scim('POST', '/Users', newUser('x2', { active: 'perhaps' })), 400, 'invalidValue');
      expectScimError(await h.scim('POST', '/Users', newUser('x3', { [TLMS]: { timezone: 'Mars/Olympus' } })), 400, 'invalidValue');
    });

    it('accepts application/json requests', async () => {
      const r = await h.scim('POST', '/Users', newUser('json.ct'), { contentType: 'application/json' });
      expect(r.status).to.equal(201);
    });

    it('PATCH: remove without path → noTarget; read-only attributes → mutability; bad op → invalidSyntax; bad path → invalidPath', async () => {
      const id = await createUser(h, 'patch.errors');
      expectScimError(await h.scim('PATCH', `/Users/${id}`, patch({ op: 'remove' })), 400, 'noTarget');
      expectScimError(await h.scim('PATCH', `/Users/${id}`, patch({ op: 'replace', path: 'id', value: '5' })), 400, 'mutability');
      expectScimError(await h.scim('PATCH', `/Users/${id}`, patch({ op: 'replace', path: 'meta.created', value: 'x' })), 400, 'mutability');
      expectScimError(await h.scim('PATCH', `/Users/${id}`, patch({ op: 'replace', value: { id: '999' } })), 400, 'mutability');
      expectScimError(await h.scim('PATCH', `/Users/${id}`, patch({ op: 'move', path: 'active', value: true })), 400, 'invalidSyntax');
      expectScimError(await h.scim('PATCH', `/Users/${id}`, patch({ op: 'add', path: 'emails[type eq', value: 'x' })), 400, 'invalidPath');
      expectScimError(await h.scim('PATCH', `/Users/${id}`, { schemas: [USER_SCHEMA], Operations: [] }), 400, 'invalidValue');
    });

    it('PATCH with a valid op then an unknown path answers 400 invalidPath and changes nothing', async () => {
      const id = await createUser(h, 'unknown.path');
      const before = (await h.scim('GET', `/Users/${id}`)).body;
      for (const second of [
        { op: 'replace', path: 'givenName', value: 'Typo' },
        { op: 'replace', path: 'name', value: { givnName: 'Typo' } },
        { op: 'add', value: { nickName: 'Typo' } },
        { op: 'replace', path: 'emails[type eq "work"].adress', value: 'typo@example.test' },
      ]) {
        const r = await h.scim('PATCH', `/Users/${id}`, patch({ op: 'replace', path: 'displayName', value: 'Changed' }, second));
        expectScimError(r, 400, 'invalidPath');
        expect(r.body.detail).to.match(/is not (an attribute|a sub-attribute)/);
      }
      expect((await h.scim('GET', `/Users/${id}`)).body).to.deep.equal(before);
    });

    it('PATCH remove of active answers 400 mutability and the user stays active', async () => {
      const id = await createUser(h, 'keep.active');
      const r = await h.scim('PATCH', `/Users/${id}`, patch({ op: 'remove', path: 'active' }));
      expectScimError(r, 400, 'mutability');
      expect(r.body.detail).to.equal('"active" cannot be removed: replace it with false to deactivate');
      expect((await h.scim('GET', `/Users/${id}`)).body.active).to.equal(true);
    });

    it('PATCH is atomic: a failing later operation leaves the user unchanged', async () => {
      const id = await createUser(h, 'atomic');
      await createUser(h, 'atomic.taken');
      const failingLater = [
        { operation: { op: 'replace', path: 'active', value: 'nope' }, status: 400, scimType: 'invalidValue' },
        { operation: { op: 'replace', path: 'userName', value: 'atomic.taken' }, status: 409, scimType: 'uniqueness' },
      ];
      for (const { operation, status, scimType } of failingLater) {
        const r = await h.scim('PATCH', `/Users/${id}`, patch({ op: 'replace', path: 'name.givenName', value: 'Changed' }, operation));
        expectScimError(r, status, scimType);
        expect(((await h.scim('GET', `/Users/${id}`)).body.name as { givenName: string }).givenName, scimType).to.equal('Given');
      }
    });
  });

  describe('password and active', () => {
    it('a SCIM password (never returned) enables local sign-in; active:false blocks it', async () => {
      const r = await h.scim('POST', '/Users', newUser('pw.user', { password: 'S3cret-pass!' }));
      expect(r.status).to.equal(201);
      expect(r.body).to.not.have.property('password');
      const signIn = async () => (await passwordSignIn(h, new CookieJar(), 'pw.user', 'S3cret-pass!')).status;
      expect(await signIn()).to.equal(303);
      const fetched = await h.scim('GET', `/Users/${r.body.id}`);
      expect(fetched.body).to.not.have.property('password');
      await h.scim('PATCH', `/Users/${r.body.id}`, patch({ op: 'replace', path: 'active', value: false }));
      expect(await signIn()).to.equal(401);
    });

    it('active:false blocks SSO sign-in (a signed Response for the user is refused with user_inactive)', async () => {
      const id = await createUser(h, 'sso.user', { emails: [{ value: 'sso.user@example.test' }] });
      const response = () =>
        h.responseXml({
          assertion: {
            nameId: 'sso.user',
            attributes: [
              { name: 'Username', values: ['sso.user'] },
              { name: 'Email', values: ['sso.user@example.test'] },
            ],
          },
        });
      const ok = await h.postAcs(response());
      expect(ok.res.status).to.equal(303);
      expect(await sessionOf(h, ok.jar)).to.include({ login: 'sso.user' });
      await h.scim('PATCH', `/Users/${id}`, patch({ op: 'replace', value: { active: false } }));
      expect(await sessionOf(h, ok.jar), 'the existing session stops working').to.equal(undefined);
      const refused = await h.postAcs(response());
      expect(refused.res.status).to.equal(403);
      expect(refused.body).to.include('data-reason="user_inactive"');
    });
  });

  describe('delete, trash and the email reservation', () => {
    it('DELETE moves to the trash: 404 by id, not listed, SSO refused, email and userName still reserved until a permanent delete', async () => {
      const id = await createUser(h, 'leaver', { emails: [{ value: 'leaver@example.test' }] });
      expect((await h.scim('DELETE', `/Users/${id}`)).status).to.equal(204);
      expectScimError(await h.scim('GET', `/Users/${id}`), 404);
      expectScimError(await h.scim('DELETE', `/Users/${id}`), 404);
      expect((await h.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "leaver"')}`)).body.totalResults).to.equal(0);
      const sso = await h.postAcs(
        h.responseXml({ assertion: { nameId: 'leaver', attributes: [{ name: 'Username', values: ['leaver'] }] } }),
      );
      expect(sso.res.status).to.equal(403);
      const again = await h.scim('POST', '/Users', newUser('leaver2', { emails: [{ value: 'leaver@example.test' }] }));
      expectScimError(again, 409, 'uniqueness');
      expect(again.body.detail).to.equal('email is not unique');
      expect(await h.sp.services.users.purge('default', Number(id))).to.equal(true);
      expect((await h.scim('POST', '/Users', newUser('leaver2', { emails: [{ value: 'leaver@example.test' }] }))).status).to.equal(201);
    });
  });
});
