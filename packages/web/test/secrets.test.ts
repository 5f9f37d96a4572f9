import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { hashPassword, hashToken, newToken, passwordHasher, safeEqual, verifyPassword } from '../src/secrets.js';

describe('password hashing (scrypt)', function () {
  this.timeout(20_000); // each hash costs ~50 ms of CPU by design, more on a busy machine

  it('stores a self-describing scrypt$N$r$p$salt$hash string without the password', async () => {
    const stored = await hashPassword('correct horse battery staple');
    const [scheme, n, r, p, salt, hash, ...rest] = stored.split('$');
    expect([scheme, n, r, p]).to.deep.equal(['scrypt', '32768', '8', '1']);
    expect(Buffer.from(salt ?? '', 'base64url')).to.have.length(16);
    expect(Buffer.from(hash ?? '', 'base64url')).to.have.length(32);
    expect(rest).to.deep.equal([]);
    expect(stored).to.not.include('horse');
  });

  it('salts every hash: the same password hashes differently twice', async () => {
    expect(await hashPassword('same')).to.not.equal(await hashPassword('same'));
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('s3cret-Pässword');
    expect(await verifyPassword('s3cret-Pässword', stored)).to.equal(true);
    expect(await verifyPassword('s3cret-Password', stored)).to.equal(false);
    expect(await verifyPassword('', stored)).to.equal(false);
  });

  it('treats the composed and decomposed forms of a password as the same (NFC)', async () => {
    const composed = 'Zo\u00eb';
    const decomposed = 'Zoe\u0308';
    expect(await verifyPassword(decomposed, await hashPassword(composed))).to.equal(true);
  });

  it('refuses, without throwing, a stored value that is not an scrypt hash', async () => {
    for (const stored of ['', 'plain-text', 'bcrypt$10$x$y$z$w', 'scrypt$32768$8$1$salt']) {
      expect(await verifyPassword('anything', stored), stored).to.equal(false);
    }
  });

  it('hashes at the chosen cost (log2 N) and verifies a hash of any cost, whatever the cost setting is now', async () => {
    const cheap = await passwordHasher(10)('cost-ten');
    expect(cheap.split('$').slice(0, 4)).to.deep.equal(['scrypt', '1024', '8', '1']);
    expect(await verifyPassword('cost-ten', cheap)).to.equal(true);
    expect(await verifyPassword('cost-nine', cheap)).to.equal(false);
    expect((await hashPassword('cost-eleven', 11)).split('$')[1]).to.equal('2048');
  });

  it('refuses a cost outside 10–17 with the range in the message', async () => {
    for (const cost of [9, 18, 12.5]) {
      const err = await hashPassword('x', cost).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(err?.message, String(cost)).to.equal(`scrypt cost ${cost} is outside 10–17`);
    }
  });

  it('refuses unchecked a stored hash that would need more memory than cost 17 (no memory blow-up from a bad row)', async () => {
    const [, , , , salt, hash] = (await passwordHasher(10)('big')).split('$');
    expect(await verifyPassword('big', `scrypt$${2 ** 18}$8$1$${salt}$${hash}`)).to.equal(false);
    expect(await verifyPassword('big', `scrypt$1024$2048$1$${salt}$${hash}`)).to.equal(false);
  });
});

describe('tokens', () => {
  it('hashToken is the hex SHA-256 of the token', () => {
    expect(hashToken('abc')).to.equal(createHash('sha256').update('abc').digest('hex'));
    expect(hashToken('abc')).to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('newToken gives the prefix and 32 random bytes (base64url), different each time', () => {
    const a = newToken('scim');
    expect(a).to.match(/^scim_[A-Za-z0-9_-]{43}$/);
    expect(newToken('scim')).to.not.equal(a);
  });

  it('safeEqual compares whole strings, whatever their lengths', () => {
    expect(safeEqual('token-value', 'token-value')).to.equal(true);
    expect(safeEqual('token-value', 'token-valuE')).to.equal(false);
    expect(safeEqual('token-value', 'token-value-longer')).to.equal(false);
    expect(safeEqual('', '')).to.equal(true);
    expect(safeEqual('', 'x')).to.equal(false);
  });
});
