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

  it('keeps same-origin paths, normalised, and absolute URLs on the origin as paths', () => {
    expect(sameOriginPath('/dashboard?tab=1#top', ORIGIN)).to.equal('/dashboard?tab=1#top');
    expect(sameOriginPath('/courses/../dashboard', ORIGIN)).to.equal('/dashboard');
    expect(sameOriginPath(`${ORIGIN}/courses/7`, ORIGIN)).to.equal('/courses/7');
    expect(sameOriginPath('/%2F%2Fstays', ORIGIN)).to.equal('/%2F%2Fstays');
  });
});
