// Public keys for signature verification, parsed once per certificate: parsing X.509 costs more than the RSA
// verification it feeds. Bounded (least recently used out first) so certificates seen once cannot grow memory.
import { createPublicKey, type KeyObject } from 'node:crypto';

const MAX_ENTRIES = 64;
const cache = new Map<string, KeyObject>();

/** The public key of a PEM certificate (or SPKI public key); throws when it is neither. */
export function verificationKey(pem: string): KeyObject {
  const cached = cache.get(pem);
  if (cached) {
    cache.delete(pem);
    cache.set(pem, cached);
    return cached;
  }
  const key = createPublicKey(pem);
  cache.set(pem, key);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return key;
}

/** How many keys are cached (tests check the bound). */
export function cachedVerificationKeys(): number {
  return cache.size;
}
