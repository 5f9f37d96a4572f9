// The gauges of /metrics, the one way both apps make them (operations.ts): read at scrape time, a labelled gauge
// has one series per label value read, and a reading that fails is logged and left out instead of failing /metrics.
import { logSink } from '@samlbridge/test-support';
import { expect } from 'chai';
import { pino } from 'pino';
import { createOperations, type Operations } from '../src/operations.js';
import type { RunningServer } from '../src/server.js';
import { serve } from './support/serve.js';

describe('operations: gauges read at scrape time', () => {
  let ops: Operations;
  let server: RunningServer;
  const sink = logSink();
  beforeEach(async () => {
    ops = createOperations({ app: 'test', logger: pino({ level: 'debug' }, sink.stream), metricsToken: '', readiness: [] });
    server = await serve(ops.middleware);
  });
  afterEach(async () => {
    await server.close();
    ops.close();
  });
  const scrape = async () => {
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).to.equal(200);
    return (await res.text()).split('\n').filter((line) => line.startsWith('test_'));
  };

  it('serves one series per label value of a labelled gauge, as read at each scrape', async () => {
    let readings: Record<string, number | undefined> = { idp: 40, sp_encryption: 365 };
    ops.labelledGauge('test_days', 'Days left', 'certificate', () => readings);
    expect(await scrape()).to.deep.equal([
      'test_days{certificate="idp",app="test"} 40',
      'test_days{certificate="sp_encryption",app="test"} 365',
    ]);
    readings = { idp: -2, sp_encryption: undefined, sp_signing: 90 };
    expect(await scrape()).to.deep.equal([
      'test_days{certificate="idp",app="test"} -2',
      'test_days{certificate="sp_signing",app="test"} 90',
    ]);
  });

  it('leaves out a labelled gauge whose reading fails, logs why, and still serves the other metrics', async () => {
    ops.labelledGauge('test_days', 'Days left', 'certificate', async () => {
      throw new Error('settings table unreadable');
    });
    ops.gauge('test_pending', 'Pending', () => 3);
    expect(await scrape()).to.deep.equal(['test_pending{app="test"} 3']);
    const logged = sink.records().find((r) => r.metric === 'test_days');
    expect(logged?.msg).to.equal('metric not collected');
  });
});
