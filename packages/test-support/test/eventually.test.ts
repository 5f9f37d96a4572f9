import { expect } from 'chai';
import { eventually } from '../src/eventually.js';

describe('eventually (the bounded poll of the test trees)', () => {
  it('returns the first value other than undefined or false, once the work has finished', async () => {
    let ready: string | undefined;
    setImmediate(() => setImmediate(() => (ready = 'done')));
    expect(await eventually(() => ready)).to.equal('done');
  });

  it('keeps polling past a check that throws, and returns once it passes', async () => {
    let calls = 0;
    const value = await eventually(() => {
      calls++;
      expect(calls).to.be.at.least(3);
      return calls;
    });
    expect(value).to.equal(3);
  });

  it('returns falsy values that are answers (0, empty string)', async () => {
    expect(await eventually(() => 0)).to.equal(0);
    expect(await eventually(() => '')).to.equal('');
  });

  it('fails after timeoutMs with the last error the check threw, naming what was awaited', async () => {
    const err = await eventually(
      () => {
        throw new Error('remote user not found');
      },
      { timeoutMs: 30, what: 'the SP holds demo.user' },
    ).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).to.equal('the SP holds demo.user not met within 30 ms; last attempt: remote user not found');
  });

  it('fails after timeoutMs saying the condition never held when the check kept answering false', async () => {
    const err = await eventually(() => false, { timeoutMs: 30 }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).to.equal('condition not met within 30 ms');
  });
});
