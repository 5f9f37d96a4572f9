import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { cookieProblems, securityHeaderProblems, securityHeaderProblemsAt } from '../src/security-headers.js';

const page = (headers: Record<string, string>, ...setCookie: string[]) => {
  const h = new Headers(headers);
  for (const line of setCookie) h.append('set-cookie', line);
  return new Response('<p>x</p>', { headers: h });
};

const GOOD = {
  'content-type': 'text/html; charset=utf-8',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'self'; script-src 'self'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
};

describe('securityHeaderProblems and cookieProblems', () => {
  it('find nothing on an HTML page with every header and a well-flagged cookie', () => {
    const res = page(GOOD, 'sid=1; Path=/; HttpOnly; SameSite=Lax');
    expect([...securityHeaderProblems('/', res), ...cookieProblems('/', res, false)]).to.deep.equal([]);
  });

  it('name each missing header of an HTML page, and only nosniff on other content', () => {
    const html = page({ 'content-type': 'text/html', 'content-security-policy': "script-src 'unsafe-inline'" });
    expect(securityHeaderProblems('/p', html)).to.deep.equal([
      '/p: no nosniff',
      '/p: CSP allows unsafe-*',
      "/p: no frame-ancestors 'none'",
      '/p: scripts not restricted',
      '/p: no Referrer-Policy',
    ]);
    expect(securityHeaderProblems('/j', page({ 'content-type': 'application/json' }))).to.deep.equal(['/j: no nosniff']);
  });

  it('name a cookie without HttpOnly or SameSite, and one whose Secure flag is not the expected one', () => {
    const res = page(GOOD, 'a=1; Secure', 'b=2; HttpOnly; SameSite=Strict');
    expect(cookieProblems('/', res, true)).to.deep.equal(['/: a not HttpOnly', '/: a without SameSite', '/: b Secure should be true']);
  });

  it('securityHeaderProblemsAt asks each path with its headers and names the answers that lack a header', async () => {
    const server = createServer((req, res) => {
      const keyed = req.headers['x-api-key'] === 'k';
      res.writeHead(200, { 'content-type': 'application/json', ...(keyed ? { 'x-content-type-options': 'nosniff' } : {}) }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const problems = await securityHeaderProblemsAt(base, [
        ['/with-key', { 'x-api-key': 'k' }],
        ['/without-key', {}],
      ]);
      expect(problems).to.deep.equal(['/without-key: no nosniff']);
    } finally {
      server.close();
    }
  });
});
