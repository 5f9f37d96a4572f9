import { expect } from 'chai';
import { advanceableClock } from '../src/index.js';

describe('advanceableClock', () => {
  it('reads real time until advanced, then real time plus every step, and never goes back', () => {
    const clock = advanceableClock();
    const before = Date.now();
    const start = clock.now().getTime();
    expect(start).to.be.at.least(before).and.at.most(Date.now());
    clock.advance(60_000);
    clock.advance(-120_000);
    const now = Date.now();
    expect(clock.now().getTime() - now)
      .to.be.at.least(60_000)
      .and.at.most(60_000 + (Date.now() - now));
  });
});
