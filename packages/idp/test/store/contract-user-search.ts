// IdP Store contract, the admin user search (store/user-search.ts): a case-insensitive substring of the username,
// the email or "first last" name, compared as identity keys (usernameKey), LIKE metacharacters literal, paged in list
// order with the total of every match; kept in step with every write. Terms of three or more characters go through
// the trigram index, shorter ones walk the list index: each case uses both kinds.
import { expect } from 'chai';
import type { Store } from '../../src/store/types.js';
import { at, user } from './fixtures.js';

/** Registers these cases inside describeStoreContract; `store` is the test's fresh store. */
export function userSearchContract(store: Store) {
  describe('user search', () => {
    const search = async (q: string, limit = 50, offset = 0) => {
      const page = await store.users.list({ limit, offset, search: q });
      return { names: page.items.map((u) => u.username), total: page.total };
    };
    const only = (...names: string[]) => ({ names, total: names.length });

    it('finds a user by a prefix and by an inner substring of the username, email, first and last name, in any case', async () => {
      await store.users.insert(user('u1', 'jdoe', { email: 'Jane.Doe@Corp.test', firstName: 'Jane', lastName: 'Dorsey' }));
      await store.users.insert(user('u2', 'mkline', { email: 'mk@other.test', firstName: 'Maximilian', lastName: 'Kline' }));
      expect(await search('JDO'), 'username prefix').to.deep.equal(only('jdoe'));
      expect(await search('doe'), 'username and email substring').to.deep.equal(only('jdoe'));
      expect(await search('mkl'), 'username prefix').to.deep.equal(only('mkline'));
      expect(await search('@OTHER.t'), 'email substring').to.deep.equal(only('mkline'));
      expect(await search('jane.d'), 'email prefix').to.deep.equal(only('jdoe'));
      expect(await search('MAXI'), 'first name prefix').to.deep.equal(only('mkline'));
      expect(await search('imili'), 'first name substring').to.deep.equal(only('mkline'));
      expect(await search('orse'), 'last name substring').to.deep.equal(only('jdoe'));
      expect(await search('jane dor'), 'first and last name').to.deep.equal(only('jdoe'));
      expect(await search('n k'), 'across first and last name').to.deep.equal(only('mkline'));
      expect(await search('jdoe@'), 'never across fields').to.deep.equal(only());
      expect(await search('ne.doe@corp.test'), 'a long term').to.deep.equal(only('jdoe'));
    });

    it('finds users by one- and two-character terms, with the total of every match', async () => {
      await store.users.insert(user('u1', 'ann', { firstName: 'Ann', lastName: 'Q' }));
      await store.users.insert(user('u2', 'bob', { firstName: 'Bob', lastName: 'Quinn' }));
      await store.users.insert(user('u3', 'cy', { firstName: 'Cy', lastName: 'Young' }));
      expect(await search('Q')).to.deep.equal(only('ann', 'bob'));
      expect(await search('qu')).to.deep.equal(only('bob'));
      expect(await search('y')).to.deep.equal(only('cy'));
      expect(await search('y', 1, 0)).to.deep.equal({ names: ['cy'], total: 1 });
      expect(await search('e', 2, 1), 'every email has an e').to.deep.equal({ names: ['bob', 'cy'], total: 3 });
      expect(await search('zz')).to.deep.equal(only());
    });

    it('compares names and terms by their identity keys: é, ß, Turkish İ and full-width letters', async () => {
      await store.users.insert(user('u1', 'emile', { firstName: 'ÉMILE', lastName: 'Zoé' }));
      await store.users.insert(user('u2', 'strasse', { firstName: 'Hans', lastName: 'STRAẞE' }));
      await store.users.insert(user('u3', 'ilker', { firstName: 'İlker', lastName: 'Işık' }));
      await store.users.insert(user('u4', 'Ｊｕｎ', { email: 'jun@example.test', firstName: 'Jun', lastName: 'Ito' }));
      expect(await search('émi'), 'an upper-case É in the name').to.deep.equal(only('emile'));
      expect(await search('ÉMILE zo'), 'the term lower-cased too').to.deep.equal(only('emile'));
      expect(await search('é'), 'one non-ASCII character').to.deep.equal(only('emile'));
      expect(await search('emi'), 'no accent folding').to.deep.equal(only('emile'));
      expect(await search('emile zo'), 'é is not e (no accent folding)').to.deep.equal(only());
      expect(await search('straße'), 'capital ẞ lower-cases to ß').to.deep.equal(only('strasse'));
      expect(await search('ß'), 'ß alone').to.deep.equal(only('strasse'));
      expect(await search('ans strass'), 'ß is not ss (no case folding)').to.deep.equal(only());
      expect(await search('İLK'), 'İ lower-cases to i + combining dot, as the username keys do').to.deep.equal(only('ilker'));
      expect(await search('lker iş'), 'I lower-cases to i').to.deep.equal(only('ilker'));
      expect(await search('ılker'), 'ı is not i').to.deep.equal(only());
      expect(await search('lker'), 'after the İ').to.deep.equal(only('ilker'));
      expect(await search('ＪＵＮ'), 'full-width letters map to their ASCII').to.deep.equal(only('Ｊｕｎ'));
    });

    it('takes %, _, \\ and " in a term literally, in terms of every length', async () => {
      await store.users.insert(user('u1', 'ann', { firstName: '100%', lastName: 'Sure' }));
      await store.users.insert(user('u2', 'a_b_c'));
      await store.users.insert(user('u3', 'axbxc'));
      await store.users.insert(user('u4', 'back\\slash'));
      await store.users.insert(user('u5', 'quo"te', { email: 'quote@example.test' }));
      expect(await search('%')).to.deep.equal(only('ann'));
      expect(await search('0%')).to.deep.equal(only('ann'));
      expect(await search('00% su')).to.deep.equal(only('ann'));
      expect(await search('_')).to.deep.equal(only('a_b_c'));
      expect(await search('a_b')).to.deep.equal(only('a_b_c'));
      expect(await search('b_c')).to.deep.equal(only('a_b_c'));
      expect(await search('\\')).to.deep.equal(only('back\\slash'));
      expect(await search('k\\s')).to.deep.equal(only('back\\slash'));
      expect(await search('"')).to.deep.equal(only('quo"te'));
      expect(await search('o"t')).to.deep.equal(only('quo"te'));
      expect(await search('"quo')).to.deep.equal(only());
    });

    it('never reads a term as FTS5 query syntax (OR, NEAR, *, column filters)', async () => {
      await store.users.insert(user('u1', 'ann'));
      await store.users.insert(user('u2', 'bob'));
      await store.users.insert(user('u3', 'x OR y*', { email: 'xy@example.test' }));
      expect(await search('ann OR bob')).to.deep.equal(only());
      expect(await search('NEAR(ann bob)')).to.deep.equal(only());
      expect(await search('an*')).to.deep.equal(only());
      expect(await search('username:ann')).to.deep.equal(only());
      expect(await search('{email}: ann')).to.deep.equal(only());
      expect(await search('x or y*')).to.deep.equal(only('x OR y*'));
    });

    it('pages the matches in list order with the total of every match, and a page past the end keeps the total', async () => {
      const names = Array.from({ length: 23 }, (_, i) => `user-${String((i * 7) % 23).padStart(2, '0')}`);
      for (const [i, n] of names.entries()) await store.users.insert(user(`u${i}`, n, { lastName: i % 2 ? 'Odd' : 'Even' }));
      const sorted = [...names].sort();
      for (const [term, expected] of [
        ['user-', sorted],
        ['-1', sorted.filter((n) => n.includes('-1'))],
        ['Even', sorted.filter((n) => names.indexOf(n) % 2 === 0)],
        ['u', sorted],
      ] as const) {
        const seen: string[] = [];
        for (let offset = 0; offset < expected.length; offset += 5) {
          const page = await search(term, 5, offset);
          expect(page.total, `${term} at ${offset}`).to.equal(expected.length);
          seen.push(...page.names);
        }
        expect(seen, term).to.deep.equal(expected);
        expect(await search(term, 5, 100), `${term} past the end`).to.deep.equal({ names: [], total: expected.length });
      }
    });

    it('follows renames, name and email changes, and deletes', async () => {
      await store.users.insert(user('u1', 'ann', { email: 'ann@old.test', firstName: 'Ann', lastName: 'Lee' }));
      await store.users.insert(user('u2', 'bob', { email: 'bob@x.test', firstName: 'Bob', lastName: 'Stone' }));
      await store.users.update('u1', { username: 'Annabel' }, at(10));
      expect(await search('annab')).to.deep.equal(only('Annabel'));
      await store.users.update('u1', { email: 'Annabel@New.TEST' }, at(11));
      expect(await search('old.test')).to.deep.equal(only());
      expect(await search('new.te')).to.deep.equal(only('Annabel'));
      await store.users.update('u1', { lastName: 'Ó Briain' }, at(12));
      expect(await search('ann lee')).to.deep.equal(only());
      expect(await search('ann ó b')).to.deep.equal(only('Annabel'));
      await store.users.update('u1', { firstName: 'Belle' }, at(13));
      expect(await search('belle ó')).to.deep.equal(only('Annabel'));
      await store.users.update('u2', { status: 'suspended', passwordHash: 'other' }, at(14));
      expect(await search('bob st')).to.deep.equal(only('bob'));
      await store.users.delete('u1');
      expect(await search('annab')).to.deep.equal(only());
      expect(await search('a')).to.deep.equal(only());
      await store.users.insert(user('u3', 'annabel', { firstName: 'New', lastName: 'Person' }));
      expect(await search('annab')).to.deep.equal(only('annabel'));
      expect(await search('belle ó')).to.deep.equal(only());
    });
  });
}
