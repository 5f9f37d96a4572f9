// IdP Store contract, MFA: factors (sealed secret kept as given, public data, one use per time step under
// concurrency), recovery codes (once each, a new set voids the old), rules, settings, enrolment deadlines.
import { expect } from 'chai';
import type { MfaFactor } from '../../src/store/mfa-types.js';
import type { Store } from '../../src/store/types.js';
import { at, T0, user } from './fixtures.js';

function factor(id: string, overrides: Partial<MfaFactor> = {}): MfaFactor {
  return {
    id,
    owner: 'user:u1',
    kind: 'totp',
    name: 'Phone',
    secretSealed: `v1.sealed-${id}`,
    data: null,
    lastUsedStep: null,
    confirmedAt: null,
    lastUsedAt: null,
    createdAt: T0,
    ...overrides,
  };
}

/** Registers these cases inside describeStoreContract; `current()` is the test's fresh store. */
export function mfaContract(store: Store) {
  describe('MFA factors', () => {
    it('stores a factor as given and lists an owner’s factors oldest first', async () => {
      await store.mfa.insertFactor(factor('f2', { createdAt: at(10) }));
      await store.mfa.insertFactor(factor('f1', { data: { credentialId: 'abc', counter: 3 }, kind: 'webauthn', secretSealed: null }));
      await store.mfa.insertFactor(factor('f3', { owner: 'admin:a1' }));
      const list = await store.mfa.listFactors('user:u1');
      expect(list.map((f) => f.id)).to.deep.equal(['f1', 'f2']);
      expect(list[0]).to.deep.equal(factor('f1', { data: { credentialId: 'abc', counter: 3 }, kind: 'webauthn', secretSealed: null }));
      expect(await store.mfa.getFactor('f3')).to.deep.equal(factor('f3', { owner: 'admin:a1' }));
    });

    it('accepts each time step once, later steps only, and confirms a pending factor with its first step', async () => {
      await store.mfa.insertFactor(factor('f1'));
      expect(await store.mfa.useStep('f1', 100, at(1))).to.equal(true);
      expect(await store.mfa.getFactor('f1')).to.deep.include({ lastUsedStep: 100, confirmedAt: at(1), lastUsedAt: at(1) });
      expect(await store.mfa.useStep('f1', 100, at(2))).to.equal(false);
      expect(await store.mfa.useStep('f1', 99, at(2))).to.equal(false);
      expect(await store.mfa.useStep('f1', 101, at(3))).to.equal(true);
      expect(await store.mfa.getFactor('f1')).to.deep.include({ lastUsedStep: 101, confirmedAt: at(1), lastUsedAt: at(3) });
    });

    it('lets exactly one of 20 parallel uses of one time step through', async () => {
      await store.mfa.insertFactor(factor('f1'));
      const results = await Promise.all(Array.from({ length: 20 }, () => store.mfa.useStep('f1', 7, at(1))));
      expect(results.filter(Boolean)).to.have.length(1);
    });

    it('deletes pending factors, one factor, and everything of an owner (not of others)', async () => {
      await store.mfa.insertFactor(factor('pending'));
      await store.mfa.insertFactor(factor('done', { confirmedAt: T0 }));
      await store.mfa.insertFactor(factor('other', { owner: 'user:u2', confirmedAt: T0 }));
      expect(await store.mfa.deletePendingFactors('user:u1')).to.equal(1);
      expect(await store.mfa.deleteFactor('user:u2', 'done')).to.equal(false);
      await store.mfa.replaceRecoveryCodes('user:u1', ['h1'], T0);
      expect(await store.mfa.deleteAll('user:u1')).to.equal(1);
      expect(await store.mfa.countUnusedRecoveryCodes('user:u1')).to.equal(0);
      expect((await store.mfa.listFactors('user:u2')).map((f) => f.id)).to.deep.equal(['other']);
    });
  });

  describe('recovery codes', () => {
    it('uses each code once, even under 10 parallel uses, and a new set voids the old one', async () => {
      await store.mfa.replaceRecoveryCodes('user:u1', ['h1', 'h2', 'h3'], T0);
      const results = await Promise.all(Array.from({ length: 10 }, () => store.mfa.useRecoveryCode('user:u1', 'h1', at(1))));
      expect(results.filter(Boolean)).to.have.length(1);
      expect(await store.mfa.useRecoveryCode('user:u2', 'h2', at(1))).to.equal(false);
      expect(await store.mfa.countUnusedRecoveryCodes('user:u1')).to.equal(2);
      await store.mfa.replaceRecoveryCodes('user:u1', ['h4'], at(2));
      expect(await store.mfa.useRecoveryCode('user:u1', 'h2', at(3))).to.equal(false);
      expect(await store.mfa.countUnusedRecoveryCodes('user:u1')).to.equal(1);
    });
  });

  describe('MFA policy', () => {
    it('keeps rules per scope (set twice is one rule; lifting removes it)', async () => {
      await store.mfa.setRule('group', 'g1', true, T0);
      await store.mfa.setRule('group', 'g1', true, T0);
      await store.mfa.setRule('application', 'g1', true, T0);
      expect(await store.mfa.listRules('group')).to.deep.equal(['g1']);
      expect(await store.mfa.hasAnyRule('group', ['g0', 'g1'])).to.equal(true);
      expect(await store.mfa.hasAnyRule('group', [])).to.equal(false);
      expect(await store.mfa.hasRule('user', 'g1')).to.equal(false);
      await store.mfa.setRule('group', 'g1', false, T0);
      expect(await store.mfa.hasRule('group', 'g1')).to.equal(false);
      expect(await store.mfa.hasRule('application', 'g1')).to.equal(true);
    });

    it('reads in one call the rules on a user, on the groups the user is a member of, and on an application', async () => {
      for (const id of ['u1', 'u2']) await store.users.insert(user(id, `name-${id}`));
      for (const id of ['g1', 'g2', 'g3']) await store.groups.insert({ id, name: `group ${id}`, description: '', createdAt: T0 });
      await store.groups.addMember('g1', 'u1');
      await store.groups.addMember('g2', 'u1');
      await store.groups.addMember('g3', 'u2');
      for (const [scope, id] of [
        ['user', 'u1'],
        ['user', 'u2'],
        ['group', 'g2'],
        ['group', 'g3'],
        ['application', 'a1'],
        ['application', 'a2'],
      ] as const) {
        await store.mfa.setRule(scope, id, true, T0);
      }
      const sorted = (rules: { scope: string; subjectId: string }[]) => rules.map((r) => `${r.scope}:${r.subjectId}`).sort();
      expect(sorted(await store.mfa.rulesFor('u1', 'a1'))).to.deep.equal(['application:a1', 'group:g2', 'user:u1']);
      expect(sorted(await store.mfa.rulesFor('u1'))).to.deep.equal(['group:g2', 'user:u1']);
      expect(await store.mfa.rulesFor('u3', 'a3')).to.deep.equal([]);
    });

    it('has default settings until they are set, then the ones set', async () => {
      expect(await store.mfa.getSettings()).to.deep.equal({ graceSeconds: 0, requireForAdmins: false });
      await store.mfa.putSettings({ graceSeconds: 3600, requireForAdmins: true }, T0);
      await store.mfa.putSettings({ graceSeconds: 60, requireForAdmins: true }, at(1));
      expect(await store.mfa.getSettings()).to.deep.equal({ graceSeconds: 60, requireForAdmins: true });
    });

    it('keeps the first enrolment deadline proposed until it is cleared', async () => {
      expect(await store.mfa.enrolmentDeadline('user:u1', at(100))).to.deep.equal(at(100));
      expect(await store.mfa.enrolmentDeadline('user:u1', at(500))).to.deep.equal(at(100));
      await store.mfa.clearEnrolmentDeadline('user:u1');
      expect(await store.mfa.enrolmentDeadline('user:u1', at(500))).to.deep.equal(at(500));
    });
  });
}
