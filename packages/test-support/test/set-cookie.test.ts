import { expect } from 'chai';
import { parseSetCookie, setCookie } from '../src/set-cookie.js';

describe('Set-Cookie parsing', () => {
  it('reads name, value and lower-cased attributes, flags as empty strings', () => {
    expect(parseSetCookie('Sid=a=b; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600')).to.deep.equal({
      name: 'Sid',
      value: 'a=b',
      attributes: { path: '/', httponly: '', samesite: 'Lax', 'max-age': '3600' },
    });
  });

  it('finds the one line for a name among several, or undefined', () => {
    const headers = new Headers();
    headers.append('set-cookie', 'a=1; Secure');
    headers.append('set-cookie', 'b=2');
    expect(setCookie(headers, 'a')?.attributes).to.deep.equal({ secure: '' });
    expect(setCookie(headers, 'c')).to.equal(undefined);
  });
});
