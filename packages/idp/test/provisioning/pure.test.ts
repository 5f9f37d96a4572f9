import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { retryDelay } from '../../src/provisioning/backoff.js';
import { changedAttributes, patchOps, toScimUser, type UserSnapshot } from '../../src/provisioning/mapping.js';
import { parseRetryAfter } from '../../src/provisioning/scim-client.js';
import { eqFilter } from '../../src/provisioning/scim-filter.js';
import { createSecretBox, loadSecretKey, parseSecretKey } from '../../src/provisioning/secret-box.js';
import { tlsAdvice } from '../../src/provisioning/tls-advice.js';

const ann: UserSnapshot = { id: 'u1', username: 'ann', email: 'ann@example.com', firstName: 'Ann', lastName: 'Lee', status: 'active' };

describe('provisioning: SCIM filters (RFC 7644 §3.4.2.2)', () => {
  it('quotes the value as a JSON string', () => {
    expect(eqFilter('userName', 'ann')).to.equal('userName eq "ann"');
  });
  it('escapes quotes, backslashes and control characters', () => {
    expect(eqFilter('userName', 'a"b\\c\n')).to.equal('userName eq "a\\"b\\\\c\\n"');
  });
  it('refuses an attribute path that could inject filter syntax', () => {
    expect(() => eqFilter('userName or id', 'x')).to.throw(/attribute path/);
  });
});

describe('provisioning: attribute mapping', () => {
  it('maps the article’s attributes onto a SCIM User', () => {
    const u = toScimUser(ann);
    expect(u).to.include({ userName: 'ann', displayName: 'Ann Lee', active: true, externalId: 'u1' });
    expect(u.name).to.deep.equal({ formatted: 'Ann Lee', givenName: 'Ann', familyName: 'Lee' });
    expect(u.emails).to.deep.equal([{ value: 'ann@example.com', type: 'work', primary: true }]);
  });
  it('lists only the attributes a change touches', () => {
    expect(changedAttributes(ann, { ...ann, email: 'a@example.com' })).to.deep.equal(['emails']);
    expect(changedAttributes(ann, { ...ann, firstName: 'Annie' })).to.deep.equal(['name.formatted', 'name.givenName', 'displayName']);
    expect(changedAttributes(ann, { ...ann, status: 'suspended' })).to.deep.equal(['active']);
    expect(changedAttributes(ann, ann)).to.deep.equal([]);
  });
  it('builds one replace operation per changed attribute, each with a path', () => {
    const after = { ...ann, username: 'ann.lee', lastName: 'Li' };
    const ops = patchOps(after, changedAttributes(ann, after));
    expect(ops).to.deep.equal([
      { op: 'replace', path: 'userName', value: 'ann.lee' },
      { op: 'replace', path: 'name.formatted', value: 'Ann Li' },
      { op: 'replace', path: 'name.familyName', value: 'Li' },
      { op: 'replace', path: 'displayName', value: 'Ann Li' },
    ]);
  });
});

describe('provisioning: retry backoff', () => {
  const policy = { baseMs: 1000, maxMs: 60000 };
  it('doubles per attempt between half and all of the exponential delay', () => {
    expect(retryDelay(0, { ...policy, random: () => 0 })).to.equal(500);
    expect(retryDelay(0, { ...policy, random: () => 0.999999 })).to.be.closeTo(1000, 1);
    expect(retryDelay(3, { ...policy, random: () => 0 })).to.equal(4000);
  });
  it('is capped', () => {
    expect(retryDelay(40, { ...policy, random: () => 0.999999 })).to.be.at.most(60000);
  });
  it('never retries sooner than Retry-After', () => {
    expect(retryDelay(0, { ...policy, random: () => 0 }, 7000)).to.equal(7000);
  });
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).to.equal(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).to.equal(10000);
    expect(parseRetryAfter('soon', now)).to.equal(undefined);
    expect(parseRetryAfter(null, now)).to.equal(undefined);
  });
});

describe('provisioning: secret box (AES-256-GCM)', () => {
  const box = createSecretBox(parseSecretKey('a'.repeat(64)));
  it('round-trips and never shows the plaintext', () => {
    const sealed = box.seal('scim-token');
    expect(sealed).to.not.include('scim-token');
    expect(box.open(sealed)).to.equal('scim-token');
    expect(box.seal('scim-token')).to.not.equal(sealed); // random IV
  });
  it('refuses a tampered ciphertext or another key', () => {
    const sealed = box.seal('scim-token');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('x').toString('base64url');
    expect(() => box.open(parts.join('.'))).to.throw(/could not be decrypted/);
    expect(() => createSecretBox(parseSecretKey('b'.repeat(64))).open(sealed)).to.throw(/IDP_SECRET_KEY/);
  });
  it('refuses a short IDP_SECRET_KEY', () => {
    expect(() => parseSecretKey('short')).to.throw(/at least 32/);
  });
  it('generates the demo key once, mode 0600, when IDP_SECRET_KEY is empty', () => {
    const dir = mkdtempSync(join(tmpdir(), 'idp-secret-'));
    try {
      const k1 = loadSecretKey('', dir);
      const k2 = loadSecretKey('', dir);
      expect(k1.equals(k2)).to.equal(true);
      expect(statSync(join(dir, 'idp-secret.key')).mode & 0o777).to.equal(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('provisioning: what to do about a TLS failure', () => {
  it('names the fix for each certificate problem, and a general one otherwise', () => {
    expect(tlsAdvice('SELF_SIGNED_CERT_IN_CHAIN')).to.include('NODE_EXTRA_CA_CERTS');
    expect(tlsAdvice('UNABLE_TO_VERIFY_LEAF_SIGNATURE')).to.include('full certificate chain');
    expect(tlsAdvice('CERT_HAS_EXPIRED')).to.include('expired');
    expect(tlsAdvice('ERR_TLS_CERT_ALTNAME_INVALID')).to.include('host name the certificate was issued for');
    expect(tlsAdvice(undefined)).to.include('valid certificate');
  });
});
