import { expect } from 'chai';
import { advanceableClock, nextNoonUtc } from '../src/index.js';

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

  it('starts at startAt when given and runs on at real speed', () => {
    const startAt = new Date('2031-05-06T12:00:00.000Z');
    const before = Date.now();
    const clock = advanceableClock({ startAt });
    const elapsed = () => Date.now() - before;
    const read = clock.now().getTime() - startAt.getTime();
    expect(read).to.be.at.least(0).and.at.most(elapsed());
    clock.advance(1_000);
    expect(clock.now().getTime() - startAt.getTime())
      .to.be.at.least(1_000)
      .and.at.most(1_000 + elapsed());
  });
});

describe('nextNoonUtc', () => {
  it('is 12:00:00 UTC of the same day before noon and of the next day from noon on, across a month end', () => {
    expect(nextNoonUtc(new Date('2026-12-03T23:59:15Z')).toISOString()).to.equal('2026-12-04T12:00:00.000Z');
    expect(nextNoonUtc(new Date('2026-12-03T00:00:00Z')).toISOString()).to.equal('2026-12-03T12:00:00.000Z');
    expect(nextNoonUtc(new Date('2026-12-03T12:00:00Z')).toISOString()).to.equal('2026-12-04T12:00:00.000Z');
    expect(nextNoonUtc(new Date('2026-12-31T13:00:00Z')).toISOString()).to.equal('2027-01-01T12:00:00.000Z');
  });
});
