// The keyring's signer with signing threads (IDP_SIGNING_THREADS): the same Responses as on the main thread, a key
// activated by rotation reaches the thread for the next Response, and close() ends the threads.
import { randomBytes } from 'node:crypto';
import { generateSigningMaterial } from '@samlbridge/certs';
import { createResponseSigner, type ResponseInput } from '@samlbridge/protocol';
import { systemClock } from '@samlbridge/web';
import { expect } from 'chai';
import { pino } from 'pino';
import { createKeyring, type Keyring } from '../../src/keys/keyring.js';
import { createSecretBox } from '../../src/provisioning/secret-box.js';
import { createStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { verifySignatures } from '../helpers/saml.js';

const NOW = new Date('2026-12-03T09:00:00.000Z');
const input: ResponseInput = {
  responseId: '_r1',
  assertionId: '_a1',
  issueInstant: NOW,
  issuer: 'https://idp.example.test',
  destination: 'https://sp.example.test/acs',
  status: { code: 'Success' },
  signing: 'both',
  assertion: {
    nameId: 'jane@example.com',
    nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    subjectNotOnOrAfter: NOW,
    notBefore: NOW,
    notOnOrAfter: NOW,
    audience: 'https://sp.example.test',
    authnInstant: NOW,
    sessionIndex: '_s1',
    authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
    attributes: [],
  },
};

describe('keyring signer on signing threads', function () {
  this.timeout(30_000);
  const fileMaterial = generateSigningMaterial({ commonName: 'keyring-signing-threads' });
  let store: Store;
  let keys: Keyring;

  beforeEach(async () => {
    store = await createStore({ kind: 'sqlite', file: ':memory:' });
    keys = await createKeyring({
      store,
      sealer: createSecretBox(randomBytes(32)),
      clock: systemClock,
      logger: pino({ level: 'silent' }),
      commonName: 'idp.test',
      fileMaterial,
      record: async () => undefined,
      signingThreads: 1,
    });
  });
  afterEach(async () => {
    await keys.close();
    await store.close();
  });

  it('issues the Response the main thread issues with the active key', async () => {
    expect(await keys.signer.issueAsync(input)).to.equal(createResponseSigner(fileMaterial).issue(input));
  });

  it('signs with the newly activated key after a rotation, and with it only', async () => {
    await keys.signer.issueAsync(input); // the thread holds the first key
    const next = await keys.generateNext('admin@example.com');
    await keys.activate(next.id, 'admin@example.com');
    const xml = await keys.signer.issueAsync(input);
    expect(xml).to.equal(createResponseSigner(keys.activeMaterial()).issue(input));
    expect(verifySignatures(xml, next.certificatePem)).to.have.members(['Response', 'Assertion']);
    expect(() => verifySignatures(xml, fileMaterial.certificatePem)).to.throw(/signature/);
  });

  it('rejects Responses after close() with 503 signing_unavailable instead of hanging', async () => {
    await keys.close();
    let err: unknown;
    await keys.signer.issueAsync(input).catch((e: unknown) => {
      err = e;
    });
    expect(err).to.include({ code: 'signing_unavailable', status: 503 });
  });
});
