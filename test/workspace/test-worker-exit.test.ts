// scripts/test-worker-exit.ts: what a test worker closes after its last file (the Chromium its files shared).
import { expect } from 'chai';
import { onWorkerExit, runWorkerExitHooks } from '../../scripts/test-worker-exit.js';

describe('scripts/test-worker-exit.ts (the test worker exit hooks)', () => {
  it('runs each registered hook once, a function registered twice only once', async () => {
    const calls: string[] = [];
    const close = async () => {
      calls.push('close');
    };
    onWorkerExit(close);
    onWorkerExit(close);
    onWorkerExit(async () => {
      calls.push('other');
    });
    await runWorkerExitHooks();
    await runWorkerExitHooks();
    expect(calls.sort()).to.deep.equal(['close', 'other']);
  });

  it('stops waiting for a hook that never ends after the limit, and still waits for the others', async () => {
    let finished = false;
    onWorkerExit(() => new Promise(() => {}));
    onWorkerExit(async () => {
      finished = true;
    });
    // The first hook never settles: runWorkerExitHooks returns only because of its 50 ms limit.
    await runWorkerExitHooks(50);
    expect(finished).to.equal(true);
  });
});
