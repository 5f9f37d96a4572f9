import { expect } from 'chai';
import { identityConflictReport, planIdentityKeys } from '../src/index.js';

describe('planIdentityKeys (the data step of the identity-key migrations)', () => {
  it('gives every row its keys and flags only the later holder of a shared username key', () => {
    const plan = planIdentityKeys([
      { id: 1, scope: 'acme', username: 'demo.user', email: 'demo@example.test' },
      { id: 2, scope: 'acme', username: 'ｄｅｍｏ.user', email: 'fw@example.test' },
      { id: 3, scope: 'acme', username: 'dеmo.user', email: 'cy@example.test' },
    ]);
    expect(plan.map((p) => [p.id, p.usernameKey, p.usernameConflict])).to.deep.equal([
      [1, 'demo.user', null],
      [2, 'demo.user', 'same username as user 1 "demo.user"'],
      [3, 'dеmo.user', null],
    ]);
  });

  it('flags a shared email separately, ignores empty emails and keeps scopes apart', () => {
    const plan = planIdentityKeys([
      { id: 1, scope: 'acme', username: 'ann', email: 'Élodie@Example.test' },
      { id: 2, scope: 'acme', username: 'bob', email: 'élodie@example.test' },
      { id: 3, scope: 'acme', username: 'carol', email: '' },
      { id: 4, scope: 'acme', username: 'dave', email: '' },
      { id: 5, scope: 'globex', username: 'ANN', email: 'élodie@example.test' },
    ]);
    expect(plan.map((p) => [p.id, p.usernameConflict, p.emailConflict])).to.deep.equal([
      [1, null, null],
      [2, null, 'same email as user 1 "ann"'],
      [3, null, null],
      [4, null, null],
      [5, null, null],
    ]);
  });

  it('reports every flagged user in one line, and nothing when there is none', () => {
    expect(identityConflictReport([])).to.equal(undefined);
    const line = identityConflictReport([
      { id: 2, scope: 'acme', username: 'élodie1', usernameConflict: 'same username as user 1 "ÉLODIE1"', emailConflict: null },
    ]);
    expect(line).to.equal(
      '1 user(s) share a username or email with an earlier user under the Unicode comparison rule and are kept out of its unique index until renamed: acme: user 2 "élodie1" (same username as user 1 "ÉLODIE1")',
    );
  });
});
