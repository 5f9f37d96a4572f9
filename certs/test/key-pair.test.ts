import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import forge from 'node-forge';
import { loadOrCreateKeyPair } from '../src/index.js';

describe('@samlbridge/certs: loadOrCreateKeyPair (named key pairs such as the SP encryption key)', function () {
  this.timeout(20_000);
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keypair-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('creates {name}.key (mode 0600) and {name}.crt once, with an encryption keyUsage, and loads them afterwards', async () => {
    const data = join(dir, 'data');
    const first = await loadOrCreateKeyPair(data, 'sp-encryption', { commonName: 'sp.example.test', usage: 'encryption' });
    expect(first.created).to.equal(true);
    expect(first.keyPath).to.equal(join(data, 'sp-encryption.key'));
    expect((await stat(first.keyPath)).mode & 0o777).to.equal(0o600);
    expect((await stat(data)).mode & 0o777).to.equal(0o700);
    const usage = forge.pki.certificateFromPem(first.certificatePem).getExtension('keyUsage') as {
      keyEncipherment?: boolean;
      digitalSignature?: boolean;
    };
    expect(usage).to.include({ keyEncipherment: true });
    expect(usage.digitalSignature).to.not.equal(true);
    expect(new X509Certificate(first.certificatePem).checkPrivateKey(createPrivateKey(first.privateKeyPem))).to.equal(true);
    const again = await loadOrCreateKeyPair(data, 'sp-encryption', { commonName: 'sp.example.test', usage: 'encryption' });
    expect(again.created).to.equal(false);
    expect(again.privateKeyPem).to.equal(first.privateKeyPem);
  });

  it('refuses to start on a key group or others may read', async () => {
    const pair = await loadOrCreateKeyPair(dir, 'sp-encryption', { commonName: 'sp' });
    await chmod(pair.keyPath, 0o644);
    const err = await loadOrCreateKeyPair(dir, 'sp-encryption', { commonName: 'sp' }).catch((e: unknown) => e);
    expect((err as Error).message).to.include('chmod 600');
  });

  it('refuses a name that is not a plain file stem', async () => {
    const err = await loadOrCreateKeyPair(dir, '../escape', { commonName: 'sp' }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(TypeError);
  });
});
