// Security headers and no-cache over real HTTP, on successful and failed responses alike.
import { expect } from 'chai';
import type { Middleware } from 'koa';
import { errorHandler, renderJsonError } from '../src/error-handler.js';
import { createLogger } from '../src/logger.js';
import { noCache, securityHeaders } from '../src/security-headers.js';
import { serve } from './support/serve.js';

const ok: Middleware = async (ctx) => {
  if (ctx.path === '/boom') throw new Error('unexpected');
  ctx.body = 'ok';
};

describe('securityHeaders()', () => {
  it('sends a CSP that allows no inline script or style and no framing, plus the other hardening headers', async () => {
    const server = await serve(securityHeaders(), ok);
    try {
      const res = await fetch(`${server.url}/`);
      const csp = (res.headers.get('content-security-policy') ?? '').split('; ');
      expect(csp).to.deep.equal([
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
      ]);
      expect(csp.join(' ')).to.not.include('unsafe-inline').and.not.include('unsafe-eval');
      expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(res.headers.get('x-frame-options')).to.equal('DENY');
      expect(res.headers.get('referrer-policy')).to.equal('no-referrer');
      expect(res.headers.get('cross-origin-opener-policy')).to.equal('same-origin');
    } finally {
      await server.close();
    }
  });

  it('leaves form-action open: the SAML HTTP-POST binding posts to another origin', async () => {
    const server = await serve(securityHeaders(), ok);
    try {
      expect((await fetch(`${server.url}/`)).headers.get('content-security-policy')).to.not.include('form-action');
    } finally {
      await server.close();
    }
  });

  it('sends the headers on error responses too', async () => {
    const server = await serve(securityHeaders(), errorHandler(createLogger('test', 'silent'), renderJsonError), ok);
    try {
      const res = await fetch(`${server.url}/boom`);
      expect(res.status).to.equal(500);
      expect(res.headers.get('x-frame-options')).to.equal('DENY');
      expect(res.headers.get('content-security-policy')).to.include("default-src 'none'");
    } finally {
      await server.close();
    }
  });
});

describe('noCache', () => {
  it('forbids caching (saml-bindings §3.5.5.1)', async () => {
    const server = await serve(noCache, ok);
    try {
      const res = await fetch(`${server.url}/`);
      expect(res.headers.get('cache-control')).to.equal('no-cache, no-store');
      expect(res.headers.get('pragma')).to.equal('no-cache');
    } finally {
      await server.close();
    }
  });
});
