import { expect } from 'chai';
import { CookieJar } from '../src/cookie-jar.js';

const answer = (...setCookie: string[]) => {
  const headers = new Headers();
  for (const line of setCookie) headers.append('set-cookie', line);
  return new Response(null, { headers });
};

describe('CookieJar (one host)', () => {
  it('sends back name=value of every cookie set, without the attributes', () => {
    const jar = new CookieJar();
    jar.store(answer('sid=abc; Path=/; HttpOnly; SameSite=Lax', 'csrf=xyz; Path=/'));
    expect(jar.header()).to.equal('sid=abc; csrf=xyz');
    expect(jar.headers()).to.deep.equal({ cookie: 'sid=abc; csrf=xyz' });
  });

  it('replaces a cookie set again and forgets one deleted by Max-Age=0, an epoch Expires or an empty value', () => {
    const jar = new CookieJar();
    jar.store(answer('a=1', 'b=2', 'c=3', 'd=4'));
    jar.store(answer('a=one', 'b=; Max-Age=0', 'c=gone; expires=Thu, 01 Jan 1970 00:00:00 GMT', 'd='));
    expect(jar.entries()).to.deep.equal(new Map([['a', 'one']]));
  });

  it('keeps a cookie whose Expires is in the past of the wall clock (the app may run on an injected clock)', () => {
    const jar = new CookieJar();
    jar.store(answer('sid=abc; Expires=Sun, 01 Mar 2026 10:30:00 GMT'));
    expect(jar.get('sid')).to.equal('abc');
  });

  it('sends no Cookie header while empty, and none again after clear()', () => {
    const jar = new CookieJar();
    expect(jar.headers()).to.deep.equal({});
    jar.set('sid', 'planted');
    expect(jar.size).to.equal(1);
    jar.clear();
    expect(jar.headers()).to.deep.equal({});
  });
});
