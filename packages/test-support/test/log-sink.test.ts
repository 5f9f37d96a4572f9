import { expect } from 'chai';
import { logSink } from '../src/log-sink.js';

const write = (sink: ReturnType<typeof logSink>, chunk: string) =>
  new Promise<void>((resolve, reject) => sink.stream.write(chunk, (err) => (err ? reject(err) : resolve())));

describe('logSink', () => {
  it('keeps every chunk written and parses each JSON line, also several lines in one chunk', async () => {
    const sink = logSink();
    await write(sink, '{"msg":"one"}\n');
    await write(sink, '{"msg":"two"}\n{"msg":"three"}\n');
    expect(sink.lines).to.have.length(2);
    expect(sink.records().map((r) => r.msg)).to.deep.equal(['one', 'two', 'three']);
    expect(sink.text()).to.equal('{"msg":"one"}\n{"msg":"two"}\n{"msg":"three"}\n');
  });
});
