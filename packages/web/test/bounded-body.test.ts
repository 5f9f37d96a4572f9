import { expect } from 'chai';
import { readBoundedBody } from '../src/bounded-body.js';

/** A body streamed in chunks, with no Content-Length (as a chunked HTTP answer arrives). */
function streamed(chunks: string[]): Response {
  const encoder = new TextEncoder();
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.shift();
      if (next === undefined || cancelled) controller.close();
      else controller.enqueue(encoder.encode(next));
    },
    cancel() {
      cancelled = true;
    },
  });
  return new Response(body);
}

describe('readBoundedBody', () => {
  it('returns the whole body as UTF-8 text when it fits, multi-byte characters included', async () => {
    expect(await readBoundedBody(new Response('Zoë <md:EntityDescriptor/>'), 64)).to.equal('Zoë <md:EntityDescriptor/>');
    expect(await readBoundedBody(streamed(['ab', 'cd']), 4)).to.equal('abcd');
  });

  it('refuses a body whose Content-Length is over the bound without reading it', async () => {
    const res = new Response('x'.repeat(100), { headers: { 'content-length': '100' } });
    expect(await readBoundedBody(res, 99)).to.equal(undefined);
  });

  it('stops reading a streamed body at the bound when no Content-Length announced it', async () => {
    expect(await readBoundedBody(streamed(['1234', '5678', '9']), 9)).to.equal('123456789');
    expect(await readBoundedBody(streamed(['1234', '5678', '9']), 8)).to.equal(undefined);
  });

  it('reads an answer without a body as empty text', async () => {
    expect(await readBoundedBody(new Response(null, { status: 204 }), 10)).to.equal('');
  });
});
