// The IdP signing key pair on disk: `idp-signing.key` (mode 0600) + `idp-signing.crt`, in a data
// directory created with mode 0700. An existing key that group or others may read is refused at
// start (we do not chmod it ourselves: a widened mode means someone may already have copied the key,
// which the operator must decide about — rotate it, or restore the mode).
import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
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

/** A complete temp file next to `path` (a reader never sees half a key). */
async function writeTemp(path: string, data: string, mode: number): Promise<string> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, data, { mode, flag: 'wx' });
  return tmp;
}

/** Publishes `tmp` as `path` only if `path` does not exist yet (link(2) is atomic and exclusive). */
async function publishExclusive(tmp: string, path: string): Promise<boolean> {
  try {
    await link(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Several instances may start at once on one key folder: wait for the pair the winner is writing. */
async function waitForPair(keyPath: string, certificatePath: string, timeoutMs = 10_000): Promise<[string, string] | undefined> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [key, cert] = await Promise.all([readIfExists(keyPath), readIfExists(certificatePath)]);
    if (key !== undefined && cert !== undefined) return [key, cert];
    if (Date.now() > until) return undefined;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Owner-only (0600 or 0400): the private key must not be readable by group or others. */
async function assertKeyPrivate(keyPath: string): Promise<void> {
  if (process.platform === 'win32') return; // POSIX mode bits do not describe Windows ACLs
  const mode = (await stat(keyPath)).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  throw new Error(
    `The private key ${keyPath} has mode ${mode.toString(8).padStart(4, '0')}: group or other users may read it. ` +
      `Run "chmod 600 ${keyPath}" (and consider rotating the key if others could have copied it), then start again.`,
  );
}

export function loadOrCreateSigningMaterial(
  dir: string,
  options: Omit<GenerateOptions, 'commonName'> & { commonName: string },
): Promise<LoadedSigningMaterial> {
  return loadOrCreatePair(join(dir, KEY_FILE), join(dir, CERT_FILE), options);
}

/**
 * Any named key pair in a data folder, the same way: `{name}.key` (mode 0600) and `{name}.crt`, generated at first
 * start (e.g. the SP's `sp-signing` pair for Single Logout messages).
 */
export async function loadOrCreateKeyPair(
  dir: string,
  name: string,
  options: Omit<GenerateOptions, 'commonName'> & { commonName: string },
): Promise<LoadedSigningMaterial> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new TypeError('loadOrCreateKeyPair: name must be lower-case letters, digits and -');
  return loadOrCreatePair(join(dir, `${name}.key`), join(dir, `${name}.crt`), options);
}

async function loadOrCreatePair(
  keyPath: string,
  certificatePath: string,
  options: Omit<GenerateOptions, 'commonName'> & { commonName: string },
): Promise<LoadedSigningMaterial> {
  const dir = dirname(keyPath);
  const loaded = async ([privateKeyPem, certificatePem]: [string, string]): Promise<LoadedSigningMaterial> => {
    await assertKeyPrivate(keyPath);
    return { privateKeyPem, certificatePem, keyPath, certificatePath, created: false };
  };
  const [key, cert] = await Promise.all([readIfExists(keyPath), readIfExists(certificatePath)]);
  if (key !== undefined && cert !== undefined) return loaded([key, cert]);
  if (key !== undefined || cert !== undefined) {
    // Maybe another instance is between publishing the key and the certificate: give it a moment.
    const pair = await waitForPair(keyPath, certificatePath, 2_000);
    if (!pair) {
      throw new Error(
        `Only one of ${keyPath} and ${certificatePath} exists; restore the missing file or remove both to generate a new pair`,
      );
    }
    return loaded(pair);
  }
  // Only the directories created here get 0700 (an existing data directory keeps its mode).
  const created = await mkdir(dir, { recursive: true, mode: 0o700 });
  if (created !== undefined) await chmod(dir, 0o700); // whatever the umask
  const material = generateSigningMaterial(options);
  const tmpKey = await writeTemp(keyPath, material.privateKeyPem, 0o600);
  const tmpCert = await writeTemp(certificatePath, material.certificatePem, 0o644);
  // Key first, exclusively: whoever links the key first owns the pair; the others read the winner's.
  if (!(await publishExclusive(tmpKey, keyPath))) {
    await rm(tmpCert, { force: true });
    const pair = await waitForPair(keyPath, certificatePath);
    if (!pair) throw new Error(`Another process created ${keyPath} but no certificate appeared at ${certificatePath}`);
    return loaded(pair);
  }
  if (!(await publishExclusive(tmpCert, certificatePath))) {
    throw new Error(`${certificatePath} appeared without its key; remove it and start again`);
  }
  return { ...material, keyPath, certificatePath, created: true };
}
