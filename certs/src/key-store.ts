// The IdP signing key pair on disk: `idp-signing.key` (mode 0600) + `idp-signing.crt`.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GenerateOptions, SigningMaterial } from './generate.js';
import { generateSigningMaterial } from './generate.js';

export const KEY_FILE = 'idp-signing.key';
export const CERT_FILE = 'idp-signing.crt';

export interface LoadedSigningMaterial extends SigningMaterial {
  keyPath: string;
  certificatePath: string;
  /** True when this call generated the files. */
  created: boolean;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Write via a temp file in the same directory + rename, so a reader never sees half a key. */
async function writeAtomic(path: string, data: string, mode: number): Promise<void> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, data, { mode, flag: 'wx' });
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export async function loadOrCreateSigningMaterial(
  dir: string,
  options: Omit<GenerateOptions, 'commonName'> & { commonName: string },
): Promise<LoadedSigningMaterial> {
  const keyPath = join(dir, KEY_FILE);
  const certificatePath = join(dir, CERT_FILE);
  const [key, cert] = await Promise.all([readIfExists(keyPath), readIfExists(certificatePath)]);
  if (key !== undefined && cert !== undefined) {
    return { privateKeyPem: key, certificatePem: cert, keyPath, certificatePath, created: false };
  }
  if (key !== undefined || cert !== undefined) {
    throw new Error(`Only one of ${keyPath} and ${certificatePath} exists; restore the missing file or remove both to generate a new pair`);
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const material = generateSigningMaterial(options);
  // Key first: a certificate on disk always has its key next to it.
  await writeAtomic(keyPath, material.privateKeyPem, 0o600);
  await writeAtomic(certificatePath, material.certificatePem, 0o644);
  return { ...material, keyPath, certificatePath, created: true };
}
