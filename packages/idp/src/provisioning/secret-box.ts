// Reversible encryption of stored secrets the IdP must send (SCIM tokens, pushed passwords):
// AES-256-GCM, random 96-bit IV, 128-bit tag, key version prefix `v1.` (NIST SP 800-38D).

import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SamlbridgeError } from '@samlbridge/errors';
import type { Logger } from '@samlbridge/web';
import { adminError } from '../admin-errors.js';
import { startupError } from '../startup-errors.js';

export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

export const SECRET_KEY_FILE = 'idp-secret.key';

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined) throw undecryptable();
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch (cause) {
        throw undecryptable(cause);
      }
    },
  };
}

function undecryptable(cause?: unknown): SamlbridgeError {
  return adminError('secret_undecryptable', undefined, { cause });
}

/** IDP_SECRET_KEY: 64 hex characters are the key itself; any other value of 32+ characters is hashed (SHA-256) into one. */
export function parseSecretKey(raw: string): Buffer {
  const value = raw.trim();
  if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, 'hex');
  if (value.length < 32) {
    throw startupError('bad_secret_key');
  }
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * The key from IDP_SECRET_KEY, or (demo) a random one generated once into
 * `{dataDir}/idp-secret.key` with mode 0600 — a warning is logged, since instances sharing a
 * database must share the key and a lost file makes stored tokens unreadable.
 */
export function loadSecretKey(secretKey: string, dataDir: string, logger?: Logger): Buffer {
  if (secretKey.trim() !== '') return parseSecretKey(secretKey);
  const file = join(resolve(dataDir), SECRET_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(resolve(dataDir), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw err; // another instance created it first
    }
    logger?.warn(
      { file },
      'IDP_SECRET_KEY is not set: generated a random key file for encrypting SCIM tokens; set IDP_SECRET_KEY in production',
    );
  }
  return parseSecretKey(readFileSync(file, 'utf8'));
}
