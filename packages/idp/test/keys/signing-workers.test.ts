// Responses signed on the dedicated signing threads (keys/signing-workers.ts): RSASSA-PKCS1-v1_5 is deterministic
// (RFC 8017 §8.2.1), so they must be byte-identical to the main thread's `issue`; a dying thread fails what it owed
// and the next signature works; signatures never wait for libuv's threadpool (where scrypt password checks run).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningMaterial } from '@samlbridge/certs';
import { SamlbridgeError } from '@samlbridge/errors';
import { createResponseSigner, type ResponseInput, type SigningMode } from '@samlbridge/protocol';
import { SAML_ID_ELEMENTS, xmlsecVerify } from '@samlbridge/test-support';
import { expect } from 'chai';
import { pino } from 'pino';
import { SIGNING_WORKER_SOURCE } from '../../src/keys/signing-worker-source.js';
import { createSigningWorkers, type SigningWorkers } from '../../src/keys/signing-workers.js';
import { LIBUV_POOL_SIZE, libuvPoolHold } from '../helpers/libuv-pool-hold.js';

const NOW = new Date('2026-12-03T09:00:00.000Z');
const material = generateSigningMaterial({ commonName: 'signing-workers.test' });
const key = { id: 'key-1', privateKeyPem: material.privateKeyPem };
const silent = pino({ level: 'silent' });

function input(signing: SigningMode, n = 0): ResponseInput {
  const later = new Date(NOW.getTime() + 300_000);
  return {
    responseId: `_response${n}`,
    assertionId: `_assertion${n}`,
    issueInstant: NOW,
    issuer: 'https://idp.example.test/saml2/talentlms',
    destination: 'https://sp.example.test/acs',
    inResponseTo: '_request1',
    status: { code: 'Success' },
    signing,
    assertion: {
      nameId: 'jane.doe@example.com',
      nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      subjectNotOnOrAfter: later,
      notBefore: NOW,
      notOnOrAfter: later,
      audience: 'https://sp.example.test',
      authnInstant: NOW,
      sessionIndex: '_session1',
      authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
      attributes: [{ name: 'Email', values: ['jane.doe@example.com'] }],
    },
  };
}

/** A thread that exits (as a crash would) on its `n`th signature, after signing the ones before. */
const crashingOn = (n: number) =>
  `let signs = 0; require('node:worker_threads').parentPort.on('message', (m) => { if (m.type === 'sign' && ++signs === ${n}) process.exit(3); });\n${SIGNING_WORKER_SOURCE}`;

async function settled<T>(p: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await p };
  } catch (error) {
    return { error };
  }
}

describe('signing threads (IDP_SIGNING_THREADS)', function () {
  this.timeout(60_000);
  const signer = createResponseSigner(material);
  let workers: SigningWorkers;
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'samlbridge-signing-workers-'));
    await writeFile(join(dir, 'idp.crt'), material.certificatePem);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await workers?.close();
  });

  for (const signing of ['both', 'assertion', 'response'] as SigningMode[]) {
    it(`writes the same bytes on a signing thread as issue() on the main thread (signing ${signing})`, async () => {
      workers = createSigningWorkers({ threads: 1, logger: silent });
      const expected = signer.issue(input(signing));
      expect(expected).to.contain('<ds:SignatureValue>');
      expect(await signer.issueAsync(input(signing), workers.signatureWith(key))).to.equal(expected);
    });
  }

  it('signs a Response with both signatures in ONE message to the thread (a thread that dies on its 2nd still answers it)', async () => {
    workers = createSigningWorkers({ threads: 1, logger: silent, source: crashingOn(2) });
    expect(await signer.issueAsync(input('both'), workers.signatureWith(key))).to.equal(signer.issue(input('both')));
  });

  it('spreads a burst over two threads and every Response is the main thread’s bytes', async () => {
    workers = createSigningWorkers({ threads: 2, logger: silent });
    const inputs = Array.from({ length: 12 }, (_, i) => input('both', i));
    const signed = await Promise.all(inputs.map((i) => signer.issueAsync(i, workers.signatureWith(key))));
    expect(signed).to.deep.equal(inputs.map((i) => signer.issue(i)));
  });

  it('produces a Response whose signature xmlsec1 verifies (signing both: the Response signature covers the signed Assertion)', async () => {
    workers = createSigningWorkers({ threads: 1, logger: silent });
    const file = join(dir, 'both.xml');
    await writeFile(file, await signer.issueAsync(input('both'), workers.signatureWith(key)));
    expect(xmlsecVerify(file, join(dir, 'idp.crt'), [SAML_ID_ELEMENTS.assertion, SAML_ID_ELEMENTS.response])).to.match(/^OK$/m);
  });

  it('fails every signature a crashed thread still owed with 503 signing_unavailable, and the next one works', async () => {
    workers = createSigningWorkers({ threads: 1, logger: silent, source: crashingOn(3) });
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) => settled(signer.issueAsync(input('response', i), workers.signatureWith(key)))),
    );
    expect(outcomes.slice(0, 2).map((o) => o.value)).to.deep.equal([0, 1].map((i) => signer.issue(input('response', i))));
    for (const o of outcomes.slice(2)) {
      expect(o.error).to.be.instanceOf(SamlbridgeError);
      expect(o.error).to.include({ code: 'signing_unavailable', status: 503 });
    }
    // A new thread (its own count: it crashes on its 3rd) gets the key again and signs.
    expect(await signer.issueAsync(input('response', 9), workers.signatureWith(key))).to.equal(signer.issue(input('response', 9)));
  });

  it('rejects signatures after close() instead of hanging', async () => {
    workers = createSigningWorkers({ threads: 1, logger: silent });
    await signer.issueAsync(input('both'), workers.signatureWith(key));
    await workers.close();
    const { error } = await settled(signer.issueAsync(input('both'), workers.signatureWith(key)));
    expect(error).to.include({ code: 'signing_unavailable', status: 503 });
  });

  it('signs while every thread of libuv’s pool is taken (as by scrypt password checks in a login burst)', async () => {
    workers = createSigningWorkers({ threads: 1, logger: silent });
    const pool = libuvPoolHold(dir);
    for (let i = 0; i < LIBUV_POOL_SIZE; i++) void pool.take();
    try {
      const signed = await Promise.all(
        Array.from({ length: 6 }, (_, i) => signer.issueAsync(input('both', i), workers.signatureWith(key))),
      );
      expect(signed[5]).to.equal(signer.issue(input('both', 5)));
    } finally {
      await pool.release();
    }
  });
});
