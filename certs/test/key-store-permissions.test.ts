import { chmod, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { CERT_FILE, KEY_FILE, loadOrCreateSigningMaterial } from '../src/index.js';

describe('@samlbridge/certs: signing key permissions', function () {
  this.timeout(20_000);
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'samlbridge-keymode-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const load = (dir: string) => loadOrCreateSigningMaterial(dir, { commonName: 'mode.example.test' });

  it('gives instances starting at once on one key folder the same pair (one creates it, the others read it)', async () => {
    const dir = join(root, 'shared');
    const results = await Promise.all([1, 2, 3, 4].map(() => load(dir)));
    expect(results.filter((r) => r.created)).to.have.length(1);
    expect(new Set(results.map((r) => r.privateKeyPem)).size).to.equal(1);
    expect(new Set(results.map((r) => r.certificatePem)).size).to.equal(1);
    expect((await readdir(dir)).sort()).to.deep.equal([CERT_FILE, KEY_FILE].sort());
  });

  it('creates a missing data directory with mode 0700', async () => {
    const dir = join(root, 'data', 'idp');
    await load(dir);
    expect((await stat(dir)).mode & 0o777).to.equal(0o700);
  });

  it('refuses to load a key that group or others may read, saying to chmod 600 it', async () => {
    await load(root);
    const keyPath = join(root, KEY_FILE);
    await chmod(keyPath, 0o644);
    const err = await load(root).catch((e: Error) => e);
    expect(err).to.be.instanceOf(Error);
    expect((err as Error).message)
      .to.contain(`has mode 0644`)
      .and.contain(`chmod 600 ${keyPath}`);
  });

  it('loads a key with mode 0600 or 0400', async () => {
    const created = await load(root);
    for (const mode of [0o600, 0o400]) {
      await chmod(join(root, KEY_FILE), mode);
      expect((await load(root)).privateKeyPem).to.equal(created.privateKeyPem);
    }
  });
});
