import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import fc from 'fast-check';
import { expectNo5xxToRandomPosts } from '../src/random-posts.js';

describe('expectNo5xxToRandomPosts', () => {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(req.headers['content-type'] === 'text/boom' ? 500 : 400).end());
  });
  let url: string;
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/acs`;
  });
  after(() => server.close());
  const formFields = fc.array(fc.tuple(fc.constant('SAMLResponse'), fc.string({ maxLength: 20 })), { maxLength: 2 });

  it('passes when every random POST gets an answer below 500', async () => {
    await expectNo5xxToRandomPosts({
      urls: fc.constant(url),
      formFields,
      contentTypes: ['application/x-www-form-urlencoded', ''],
      numRuns: 20,
    });
  });

  it('fails when a content type makes the endpoint answer 500', async () => {
    const err = await expectNo5xxToRandomPosts({ urls: fc.constant(url), formFields, contentTypes: ['text/boom'], numRuns: 5 }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).to.contain('Property failed');
  });
});
