// The SP's certificate days-to-expiry gauge on /metrics: the IdP certificate pasted in the SSO settings, the SP's
// own signing and encryption certificates, read from the real settings and files at scrape time.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSigningMaterial } from '@samlbridge/certs';
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { spSigningKey } from '../../src/http/single-logout.js';
import { type Harness, START, startSp } from '../helpers/harness.js';

const DAY_MS = 86_400_000;

/** The gauge's value per `certificate` label, as /metrics prints it. */
async function expiryDays(h: Harness): Promise<Record<string, number>> {
  const text = await (await h.get('/metrics')).text();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^samlbridge_certificate_expiry_days\{[^}]*certificate="(\w+)"[^}]*\} (-?\d+)$/gm))
    out[m[1]!] = Number(m[2]);
  return out;
}

const daysLeft = (pem: string, now: Date) => Math.floor((new Date(new X509Certificate(pem).validTo).getTime() - now.getTime()) / DAY_MS);

describe('SP certificate expiry gauge', () => {
  const h = suiteFixture(() => startSp(), { each: true });

  it('reports the days left of the SP encryption certificate, and no IdP series while only fingerprints are configured', async () => {
    const encryption = readFileSync(join(h.dir, 'sp-encryption.crt'), 'utf8');
    const days = await expiryDays(h);
    expect(days).to.deep.equal({ sp_encryption: daysLeft(encryption, START) });
    expect(days.sp_encryption).to.be.greaterThan(300);
  });

  it('reports the IdP certificate pasted in the SSO settings: the later expiry of two pasted during a rotation', async () => {
    const old = generateSigningMaterial({ commonName: 'idp-old', days: 40, bits: 1024, now: START });
    const next = generateSigningMaterial({ commonName: 'idp-next', days: 90, bits: 1024, now: START });
    await h.sp.services.sso.updateSettings('localhost', { certificatePem: `${old.certificatePem}\n${next.certificatePem}` });
    expect((await expiryDays(h)).idp).to.equal(90);
    h.clock.advance(100 * DAY_MS);
    expect((await expiryDays(h)).idp).to.equal(-10);
  });

  it('reports the SP signing certificate once it exists', async () => {
    expect(await expiryDays(h)).to.not.have.property('sp_signing');
    const signing = await spSigningKey({ config: h.sp.config });
    expect((await expiryDays(h)).sp_signing).to.equal(daysLeft(signing.certificatePem, START));
  });
});
