// The AIMD window on SCIM requests in flight, driven by an injected clock.
import { fixedClock } from '@samlbridge/web';
import { expect } from 'chai';
import { createAdaptiveWindow } from '../../src/provisioning/adaptive-window.js';

const T0 = new Date('2026-01-01T00:00:00Z');

function setup(max = 16) {
  const clock = fixedClock(T0);
  const window = createAdaptiveWindow({ clock, max });
  /** One request sent now, answered `ms` later. */
  const request = (outcome: 'ok' | 'throttled' | 'failed', ms = 10) => {
    const startedAt = clock.now().getTime();
    clock.advance(ms);
    window.record(outcome, startedAt);
  };
  return { clock, window, request };
}

describe('adaptive concurrency window (AIMD)', () => {
  it('starts at the configured maximum and never grows past it', () => {
    const { window, request } = setup(16);
    expect(window.size).to.equal(16);
    for (let i = 0; i < 100; i++) request('ok');
    expect(window.size).to.equal(16);
  });

  it('halves on a 429 and again on the next round trip’s 429, down to 1', () => {
    const { window, request } = setup(16);
    request('throttled');
    expect(window.size).to.equal(8);
    request('throttled');
    expect(window.size).to.equal(4);
    for (let i = 0; i < 10; i++) request('throttled');
    expect(window.size).to.equal(1);
  });

  it('halves once for requests that were already in flight when the SP pushed back', () => {
    const { clock, window } = setup(16);
    const sent = Array.from({ length: 8 }, () => clock.now().getTime());
    clock.advance(20);
    for (const startedAt of sent) window.record('throttled', startedAt);
    expect(window.size).to.equal(8);
    const later = clock.now().getTime();
    clock.advance(20);
    window.record('failed', later);
    expect(window.size).to.equal(4);
  });

  it('grows back by about one request per round trip of successes', () => {
    const { window, request } = setup(16);
    request('throttled');
    request('throttled');
    expect(window.size).to.equal(4);
    for (let i = 0; i < 5; i++) request('ok'); // about one window's worth of answers
    expect(window.size).to.equal(5);
    for (let i = 0; i < 200; i++) request('ok');
    expect(window.size).to.equal(16);
  });

  it('shrinks when the round-trip time jumps well above the usual one, not while it stays high', () => {
    const { window, request } = setup(16);
    for (let i = 0; i < 40; i++) request('ok', 10);
    expect(window.size).to.equal(16);
    request('ok', 100); // the short average (37 ms) is over 3 × the usual (11.8 ms): congestion, × 0.8
    expect(window.size).to.equal(12);
    for (let i = 0; i < 8; i++) request('ok', 100); // still far above the usual: one more × 0.8 per round trip
    expect(window.size).to.be.at.most(3);
    // The high latency becomes the usual one (the long average catches up): the window grows back to the maximum.
    for (let i = 0; i < 400; i++) request('ok', 100);
    expect(window.size).to.equal(16);
  });
});
