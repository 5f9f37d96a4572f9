import { expect } from 'chai';
import { emptiedStoreEachTest } from '../src/emptied-store.js';

describe('emptiedStoreEachTest', () => {
  const steps: string[] = [];
  let opens = 0;
  const database = { url: 'postgres://db.example.test/scratch', reset: async () => void steps.push('empty') };
  const open = async (url: string) => {
    const n = ++opens;
    steps.push(`open ${n} ${url}`);
    return { n, close: async () => void steps.push(`close ${n}`) };
  };

  describe('a suite that asks for a store per test', () => {
    const makeStore = emptiedStoreEachTest(database, open);

    it('opens the store on the database once, empties the database, and hands it out with a close() that keeps it open', async () => {
      const first = await makeStore();
      await first.close();
      const second = await makeStore();
      expect([first.n, second.n]).to.deep.equal([1, 1]);
      expect(steps).to.deep.equal([`open 1 ${database.url}`, 'empty', 'empty']);
    });
  });

  describe('after that suite', () => {
    it('has closed the store once', () => {
      expect(steps.at(-1)).to.equal('close 1');
      expect(steps.filter((s) => s.startsWith('close'))).to.have.length(1);
    });
  });
});
