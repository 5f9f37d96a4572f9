import { expect } from 'chai';
import { expectDocumentedAndServed, METRICS_OF_BOTH_APPS } from '../src/metrics-catalogue.js';

describe('expectDocumentedAndServed', () => {
  const served = (names: readonly string[]) => names.map((n) => `# TYPE ${n} counter\n${n} 0`).join('\n');

  it('passes when every name is in the README and has a # TYPE line', () => {
    expectDocumentedAndServed(served(METRICS_OF_BOTH_APPS), METRICS_OF_BOTH_APPS);
  });

  it('fails naming a metric /metrics does not serve', () => {
    const missing = METRICS_OF_BOTH_APPS.slice(1);
    expect(() => expectDocumentedAndServed(served(missing), METRICS_OF_BOTH_APPS)).to.throw(
      /\/metrics serves samlbridge_http_request_duration_seconds/,
    );
  });

  it('fails naming a metric the README does not document', () => {
    expect(() => expectDocumentedAndServed(served(['samlbridge_not_documented']), ['samlbridge_not_documented'])).to.throw(
      /README names samlbridge_not_documented/,
    );
  });
});
