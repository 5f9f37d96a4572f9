// Any named key pair of an app on disk, generated at first start like the IdP signing key (./key-store.ts):
// `{name}.key` (mode 0600, refused at start when group or others may read it) and `{name}.crt`, in a data
// directory created with mode 0700. Several instances starting at once on one folder end up with one pair.
import { join } from 'node:path';
import type { GenerateOptions } from './generate.js';
import { type LoadedSigningMaterial, loadOrCreateSigningMaterial } from './key-store.js';

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export interface KeyPairOptions extends Omit<GenerateOptions, 'commonName'> {
  commonName: string;
}

/** `loadOrCreateKeyPair(dataDir, 'sp-encryption', …)` → `{dataDir}/sp-encryption.key` + `.crt`. */
export async function loadOrCreateKeyPair(dir: string, name: string, options: KeyPairOptions): Promise<LoadedSigningMaterial> {
  if (!NAME.test(name)) throw new TypeError(`Key pair name "${name}" must be lowercase letters, digits and "-"`);
  return loadOrCreateSigningMaterial(dir, { ...options, files: { key: join(dir, `${name}.key`), certificate: join(dir, `${name}.crt`) } });
}
