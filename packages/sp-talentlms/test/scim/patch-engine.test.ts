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
});
