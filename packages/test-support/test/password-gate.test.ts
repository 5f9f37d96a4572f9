import { expect } from 'chai';
import { burst, burstCounts, passwordGate } from '../src/password-gate.js';

const check = async (password: string, stored: string) => password === stored;

describe('passwordGate and burst', () => {
  it('counts the checks and holds them until open(), then runs the real check', async () => {
    const gate = passwordGate(check);
    gate.hold();
    let answer: boolean | undefined;
    const pending = gate.verify('secret', 'secret').then((ok) => (answer = ok));
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(gate.checks).to.equal(1);
    expect(answer).to.equal(undefined);
    gate.open();
    await pending;
    expect(answer).to.equal(true);
  });

  it('sends the right password while every wrong one is in flight, and reports each answer', async () => {
    const gate = passwordGate(check);
    const send = async (password: string) => {
      const ok = await gate.verify(password, 'right');
      return new Response(ok ? 'welcome' : 'no', { status: ok ? 302 : 401 });
    };
    const outcome = await burst(gate, send, 'right', 5);
    expect(outcome).to.deep.equal({ checks: 6, wrong: [401, 401, 401, 401, 401], right: { status: 302, body: 'welcome' } });
  });

  it('burstCounts counts the wrong attempts by status', () => {
    const counts = burstCounts({ checks: 2, wrong: [401, 429, 401, 429, 429], right: { status: 429, body: 'locked' } });
    expect(counts).to.deep.equal({ checks: 2, wrong: { 401: 2, 429: 3 }, right: 429 });
  });
});
