// The PATCH engine as pure functions (RFC 7644 §3.5.2).
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { applyPatch, readPatchRequest } from '../../src/scim/patch.js';
import { USER_PATCH_OPTIONS } from '../../src/scim/users-endpoints.js';
import { PATCH_SCHEMA, TLMS } from './scim-helpers.js';

const run = (doc: Record<string, unknown>, ...ops: unknown[]) =>
  applyPatch(doc, readPatchRequest({ schemas: [PATCH_SCHEMA], Operations: ops }), USER_PATCH_OPTIONS);
const base = () => ({ id: '1', userName: 'u', name: { givenName: 'G', familyName: 'F' }, emails: [{ value: 'a@x.test', type: 'work' }] });

describe('PATCH engine', () => {
  it('lower-cases ops and leaves the input untouched', () => {
    const doc = base();
    const out = run(doc, { op: 'REPLACE', path: 'userName', value: 'v' });
    expect(out.userName).to.equal('v');
    expect(doc.userName).to.equal('u');
  });
  it('merges a complex value without path and keeps unspecified sub-attributes', () => {
    expect(run(base(), { op: 'replace', value: { name: { givenName: 'H' } } }).name).to.deep.equal({ givenName: 'H', familyName: 'F' });
  });
  it('routes dotted and URN-prefixed keys of a path-less value', () => {
    const out = run(base(), { op: 'add', value: { 'NAME.familyName': 'Z', [`${TLMS}:userType`]: 'Trainer-Type' } });
    expect(out.name).to.deep.equal({ givenName: 'G', familyName: 'Z' });
    expect(out[TLMS]).to.deep.equal({ userType: 'Trainer-Type' });
  });
  it('adds to, filters and removes from multi-valued attributes', () => {
    const added = run(base(), { op: 'add', path: 'emails', value: [{ value: 'b@x.test', type: 'home' }] });
    expect(added.emails).to.have.length(2);
    const removed = run(added, { op: 'remove', path: 'emails[type eq "home"]' });
    expect(removed.emails).to.deep.equal([{ value: 'a@x.test', type: 'work' }]);
  });
  it('refuses remove without path (noTarget) and read-only paths (mutability)', () => {
    expect(() => run(base(), { op: 'remove' }))
      .to.throw()
      .with.property('scimType', 'noTarget');
    expect(() => run(base(), { op: 'add', path: 'meta.lastModified', value: 'x' }))
      .to.throw()
      .with.property('scimType', 'mutability');
  });
  it('refuses a path naming no declared attribute, sub-attribute, filter attribute or schema with 400 invalidPath', () => {
    for (const path of [
      'givenName',
      'name.givnName',
      'userName.first',
      'emails[tpye eq "work"].value',
      'emails[type eq "work"].number',
      `${TLMS}:timezon`,
      'urn:ietf:params:scim:schemas:core:2.0:Group:displayName',
      'urn:example:custom:2.0:User:costCenter',
    ]) {
      expect(() => run(base(), { op: 'replace', path, value: 'x' }), path)
        .to.throw()
        .with.property('scimType', 'invalidPath');
    }
  });
  it('refuses an undeclared attribute inside a value object with 400 invalidPath', () => {
    const refused = [
      { op: 'replace', path: 'name', value: { givnName: 'H' } },
      { op: 'replace', value: { nmae: { givenName: 'H' } } },
      { op: 'replace', value: { name: { givenName: 'H', middle: 'M' } } },
      { op: 'add', path: 'emails', value: [{ value: 'b@x.test', kind: 'home' }] },
      { op: 'add', path: TLMS, value: { timezon: 'UTC' } },
    ];
    for (const op of refused) {
      expect(() => run(base(), op), JSON.stringify(op))
        .to.throw()
        .with.property('scimType', 'invalidPath');
    }
  });
  it('checks every operation before applying any: a valid op followed by an unknown path throws', () => {
    expect(() => run(base(), { op: 'replace', path: 'userName', value: 'v' }, { op: 'replace', path: 'nickName', value: 'n' }))
      .to.throw()
      .with.property('scimType', 'invalidPath');
  });
  it('refuses to remove active or userName, or to replace active with null (400 mutability)', () => {
    for (const op of [
      { op: 'remove', path: 'active' },
      { op: 'remove', path: 'userName' },
      { op: 'replace', path: 'active', value: null },
      { op: 'replace', value: { active: null } },
    ]) {
      expect(() => run({ ...base(), active: true }, op), JSON.stringify(op))
        .to.throw()
        .with.property('scimType', 'mutability');
    }
  });
  it('accepts and ignores the enterprise User extension Entra ID sends by default', () => {
    const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    const out = run(
      base(),
      { op: 'add', path: `${enterprise}:employeeNumber`, value: '42' },
      { op: 'add', value: { [`${enterprise}:department`]: 'Sales', [enterprise]: { costCenter: 'x' } } },
    );
    expect(out).to.deep.equal(base());
  });
});
