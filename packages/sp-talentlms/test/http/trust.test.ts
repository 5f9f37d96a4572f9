// The fingerprint forms TalentLMS admins paste, and PEM certificates instead.
import { fingerprints } from '@samlbridge/protocol';
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { expectRejected } from '../helpers/expect-rejected.js';
import { startSp } from '../helpers/harness.js';
import { idpKeys, otherKeys } from '../helpers/keys.js';

describe('ACS trust: fingerprints and certificates', () => {
  const h = suiteFixture(() => startSp());

  const trusted = () => fingerprints(idpKeys().certificatePem);
  const forms: [string, () => Record<string, unknown>][] = [
    ['SHA-1 upper case with colons', () => ({ certificateFingerprints: [trusted().sha1] })],
    ['SHA-1 lower case with colons', () => ({ certificateFingerprints: [trusted().sha1.toLowerCase()] })],
    ['SHA-1 lower case without colons', () => ({ certificateFingerprints: [trusted().sha1.toLowerCase().replaceAll(':', '')] })],
    ['SHA-1 upper case without colons', () => ({ certificateFingerprints: [trusted().sha1.replaceAll(':', '')] })],
    ['SHA-256', () => ({ certificateFingerprints: [trusted().sha256] })],
    ['SHA-256 lower case without colons', () => ({ certificateFingerprints: [trusted().sha256.toLowerCase().replaceAll(':', '')] })],
    [
      'two fingerprints (rotation), the trusted one second',
      () => ({ certificateFingerprints: [fingerprints(otherKeys().certificatePem).sha1, trusted().sha1] }),
    ],
    ['a PEM certificate instead of a fingerprint', () => ({ certificateFingerprints: [], certificatePem: idpKeys().certificatePem })],
    [
      'two PEM certificates',
      () => ({ certificateFingerprints: [], certificatePem: otherKeys().certificatePem + idpKeys().certificatePem }),
    ],
  ];
  for (const [name, settings] of forms) {
    it(`accepts a Response when configured with ${name}`, async () => {
      await h.sp.services.sso.updateSettings('default', { certificatePem: '', ...settings() });
      const { res } = await h.postAcs(h.responseXml());
      expect(res.status).to.equal(303);
    });
  }

  it('uses the configured PEM when the signature carries no KeyInfo certificate', async () => {
    await h.sp.services.sso.updateSettings('default', { certificateFingerprints: [], certificatePem: idpKeys().certificatePem });
    const xml = h.responseXml({ signing: 'assertion' }).replace(/<ds:KeyInfo>[\s\S]*?<\/ds:KeyInfo>/, '');
    expect(xml).not.to.include('KeyInfo');
    expect((await h.postAcs(xml)).res.status).to.equal(303);
  });

  it('rejects a Response without KeyInfo when only fingerprints are configured', async () => {
    await h.sp.services.sso.updateSettings('default', { certificatePem: '', certificateFingerprints: [trusted().sha1] });
    const xml = h.responseXml({ signing: 'assertion' }).replace(/<ds:KeyInfo>[\s\S]*?<\/ds:KeyInfo>/, '');
    await expectRejected(h, await h.postAcs(xml), 'untrusted_certificate');
  });

  it('rejects a key whose certificate matches only a PEM that is not configured', async () => {
    await h.sp.services.sso.updateSettings('default', { certificateFingerprints: [], certificatePem: idpKeys().certificatePem });
    await expectRejected(h, await h.postAcs(h.responseXml({}, 'other')), 'untrusted_certificate');
  });
});
