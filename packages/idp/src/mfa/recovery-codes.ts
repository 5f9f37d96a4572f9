// Recovery codes: ten one-time codes of 50 random bits each (ten base32 characters, shown as xxxxx-xxxxx), stored
// as SHA-256 digests: with that much entropy a fast hash is enough (no dictionary to try), and a code is looked
// up by its digest in one statement.
import { createHash, randomInt } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o, 1/l/i: read aloud and typed without mistakes
const LENGTH = 10;

export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    let code = '';
    for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
    return `${code.slice(0, 5)}-${code.slice(5)}`;
  });
}

/** Case, spaces and dashes do not matter when a code is typed. */
export function normaliseRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]+/g, '');
}

export function hashRecoveryCode(input: string): string {
  return createHash('sha256')
    .update(`recovery:${normaliseRecoveryCode(input)}`, 'utf8')
    .digest('hex');
}

/** True when the input has the shape of a recovery code (not a 6-digit TOTP code). */
export function looksLikeRecoveryCode(input: string): boolean {
  return normaliseRecoveryCode(input).length === LENGTH && !/^\d+$/.test(normaliseRecoveryCode(input));
}
