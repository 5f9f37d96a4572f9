import { expect } from 'chai';
import { sameOriginPath } from '../src/redirect.js';

const ORIGIN = 'https://lms.example.test';

describe('sameOriginPath (open-redirect guard)', () => {
  const hostile = [
    '//evil.example/x',
    '/\\evil.example',
    '/\t/evil.example',
    '/.//evil.example/phish',
    '/x/..//evil.example/phish',
    '/%2e//evil.example',
    '/././/evil.example',
    'https://evil.example/',
    `${ORIGIN}.evil.example/x`,
    'https:evil.example',
    'javascript:alert(1)',
    'evil.example',
    '',
    '/'.repeat(1100),
  ];
  for (const value of hostile) {
    it(`refuses ${JSON.stringify(value.slice(0, 40))}`, () => {
      expect(sameOriginPath(value, ORIGIN)).to.equal(undefined);
    });
  }

  it('refuses anything that is not a string', () => {
    for (const value of [undefined, null, 42, ['/x'], { toString: () => '/x' }]) expect(sameOriginPath(value, ORIGIN)).to.equal(undefined);
  });

  it('refuses CR, LF and other control characters anywhere (no header injection)', () => {
    for (const value of ['/ok\r\nSet-Cookie: a=b', '/ok\u0000', '/ok\u007f', '/a\u000b/b']) {
      expect(sameOriginPath(value, ORIGIN), JSON.stringify(value)).to.equal(undefined);
    }
  });

  it('refuses every absolute URL when no origin is given, even one on the app', () => {
    expect(sameOriginPath(`${ORIGIN}/courses/7`)).to.equal(undefined);
    expect(sameOriginPath('/courses/7')).to.equal('/courses/7');
  });

  it('takes a path of exactly 1024 characters and refuses 1025', () => {
    const path = `/${'a'.repeat(1023)}`;
    expect(sameOriginPath(path, ORIGIN)).to.equal(path);
    expect(sameOriginPath(`${path}a`, ORIGIN)).to.equal(undefined);
  });

  it('keeps same-origin paths, normalised, and absolute URLs on the origin as paths', () => {
    expect(sameOriginPath('/dashboard?tab=1#top', ORIGIN)).to.equal('/dashboard?tab=1#top');
    expect(sameOriginPath('/courses/../dashboard', ORIGIN)).to.equal('/dashboard');
    expect(sameOriginPath(`${ORIGIN}/courses/7`, ORIGIN)).to.equal('/courses/7');
    expect(sameOriginPath('/%2F%2Fstays', ORIGIN)).to.equal('/%2F%2Fstays');
  });
});
