import { expect } from 'chai';
import { emptiedStoreEachTest } from '../src/emptied-store.js';

describe('emptiedStoreEachTest', () => {
  const steps: string[] = [];
  let opens = 0;
  const open = async () => {
    const n = ++opens;
    steps.push(`open ${n}`);
    return { n, close: async () => void steps.push(`close ${n}`) };
  };
  const empty = async () => void steps.push('empty');

  describe('a suite that asks for a store per test', () => {
    const makeStore = emptiedStoreEachTest(open, empty);

    it('opens the store once, empties the database, and hands it out with a close() that keeps it open', async () => {
      const first = await makeStore();
      await first.close();
      const second = await makeStore();
      expect([first.n, second.n]).to.deep.equal([1, 1]);
      expect(steps).to.deep.equal(['open 1', 'empty', 'empty']);
    });
  });

  describe('after that suite', () => {
    it('has closed the store once', () => {
      expect(steps.at(-1)).to.equal('close 1');
      expect(steps.filter((s) => s.startsWith('close'))).to.have.length(1);
    });
  });
});
