// The keyring reads the configuration version before each request (one small read, bumped by trigger with every
// signing-key write) and re-reads the key list only when it moved: a rotation step here or on another instance.
import { randomBytes } from 'node:crypto';
import { generateSigningMaterial } from '@samlbridge/certs';
import { systemClock } from '@samlbridge/web';
import { expect } from 'chai';
import { pino } from 'pino';
import { createKeyring, type Keyring } from '../../src/keys/keyring.js';
import { createSecretBox } from '../../src/provisioning/secret-box.js';
import { createStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';

describe('keyring refresh: the key list is re-read only when the configuration version moves', function () {
  this.timeout(30_000);
  const fileMaterial = generateSigningMaterial({ commonName: 'keyring-refresh' });
  const sealer = createSecretBox(randomBytes(32));
  let store: Store;
  let listReads: number;
  /** This instance's keyring: its store counts full key-list reads. */
  let here: Keyring;
  /** Another instance on the same database. */
  let other: Keyring;

  const keyring = (s: Store) =>
    createKeyring({
      store: s,
      sealer,
      clock: systemClock,
      logger: pino({ level: 'silent' }),
      commonName: 'idp.test',
      fileMaterial,
      record: async () => undefined,
    });

  beforeEach(async () => {
    store = await createStore({ kind: 'sqlite', file: ':memory:' });
    listReads = 0;
    const counting: Store = {
      ...store,
      signingKeys: {
        ...store.signingKeys,
        list: () => {
          listReads += 1;
          return store.signingKeys.list();
        },
      },
    };
    here = await keyring(counting);
    other = await keyring(store);
  });
  afterEach(() => store.close());

  it('does not re-read the key list on refreshes while no rotation step happened', async () => {
    const before = listReads;
    for (let i = 0; i < 5; i++) await here.refresh();
    expect(listReads).to.equal(before);
    expect(here.active().certificatePem).to.equal(fileMaterial.certificatePem);
  });

  it('signs with a key activated on another instance after its next refresh', async () => {
    const next = await other.generateNext('admin@example.com');
    await here.refresh();
    expect(here.published().map((k) => k.id)).to.include(next.id);
    await other.activate(next.id, 'admin@example.com');
    await here.refresh();
    expect(here.active().id).to.equal(next.id);
    expect(here.activeMaterial().certificatePem).to.equal(next.certificatePem);
  });

  it('stops publishing a key retired on another instance after its next refresh', async () => {
    const next = await other.generateNext('admin@example.com');
    await here.refresh();
    await other.retire(next.id, 'admin@example.com');
    await here.refresh();
    expect(here.published().map((k) => k.id)).to.deep.equal([here.active().id]);
  });
});
