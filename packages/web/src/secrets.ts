import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, opts: object) => Promise<Buffer>;

// scrypt parameters (RFC 7914): N=2^cost, r=8, p=1. The default cost 15 → 32 MiB and ~50–100 ms per hash on a
// CI-sized core; the apps' *_PASSWORD_HASH_COST setting chooses another for new hashes.
export const DEFAULT_PASSWORD_HASH_COST = 15;
/** The cost range the setting accepts and verifyPassword computes (2^17 → 128 MiB per check). */
export const PASSWORD_HASH_COST_RANGE = { min: 10, max: 17 } as const;
const R = 8;
const P = 1;
const KEYLEN = 32;

/** Memory scrypt needs for N and r (RFC 7914 §2: 128·N·r bytes), with room for Node's own accounting. */
const maxmemFor = (n: number, r: number) => 2 * 128 * n * r;

/**
 * `scrypt$N$r$p$salt$hash` (base64url parts), self-describing: a hash made at one cost still verifies after
 * the cost setting changes. `cost` is log2 N.
 */
export async function hashPassword(password: string, cost: number = DEFAULT_PASSWORD_HASH_COST): Promise<string> {
  const { min, max } = PASSWORD_HASH_COST_RANGE;
  if (!Number.isInteger(cost) || cost < min || cost > max) throw new RangeError(`scrypt cost ${cost} is outside ${min}–${max}`);
  const N = 2 ** cost;
  const salt = randomBytes(16);
  const hash = await scrypt(password.normalize('NFC'), salt, KEYLEN, { N, r: R, p: P, maxmem: maxmemFor(N, R) });
  return ['scrypt', N, R, P, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** A hasher of new passwords at one cost (an app's `passwordHashCost` setting). */
export type PasswordHasher = (password: string) => Promise<string>;

export function passwordHasher(cost: number = DEFAULT_PASSWORD_HASH_COST): PasswordHasher {
  return (password) => hashPassword(password, cost);
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const [N, blockSize] = [Number(n), Number(r)];
  // A stored hash needing more memory than the largest cost the setting makes is refused, not computed.
  if (!(N * blockSize <= 2 ** PASSWORD_HASH_COST_RANGE.max * R)) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64url'), expected.length, {
    N,
    r: blockSize,
    p: Number(p),
    maxmem: maxmemFor(N, blockSize),
  });
  return timingSafeEqual(actual, expected);
}

/** API keys and tokens are high-entropy random strings: a SHA-256 digest is enough at rest. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** Constant-time string comparison (compares digests so lengths leak nothing). */
export function safeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db);
}

/** What checks a password against a stored hash (verifyPassword; apps take another one for tests). */
export type PasswordVerifier = (password: string, stored: string) => Promise<boolean>;
