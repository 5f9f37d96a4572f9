// Staged signing-key rotation (saml-metadata §2.4.1.1: an entity may publish several signing keys).
//   generate next → metadata publishes both certificates → activate: the next key signs, the old one stays
//   published as "previous" → retire: no longer published, its private key erased.
// The keys live in the store (store/signing-keys.ts), private keys sealed with the IdP secret key, so every
// instance signs with the same active key; every request reads the configuration version once
// (store/config-version.ts: bumped by trigger with every signing-key write) and the keyring re-reads the key list only
// when that number moved, so an activation done on another instance applies to the next request here. The key file
// of earlier releases (`idp-signing.key`) is adopted as the first active key.
import { randomUUID, X509Certificate } from 'node:crypto';
import { generateSigningMaterial, type SigningMaterial } from '@samlbridge/certs';
import { createResponseSigner, fingerprints, type ResponseSigner } from '@samlbridge/protocol';
import type { Clock, Logger } from '@samlbridge/web';
import { adminError } from '../admin-errors.js';
import type { NewEvent } from '../services/events.js';
import { startupError } from '../startup-errors.js';
import type { SigningKeyRecord, SigningKeyState } from '../store/signing-keys.js';
import type { Store } from '../store/types.js';
import { createSigningWorkers, type SigningWorkers } from './signing-workers.js';

/** SecretBox of provisioning/secret-box.ts (AES-256-GCM with the IdP secret key). */
export interface Sealer {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

/** One IdP signing certificate as pages and the API show it. */
export interface SigningKeyView {
  id: string;
  state: SigningKeyState;
  certificatePem: string;
  fingerprints: { sha1: string; sha256: string };
  notAfter: Date;
  createdAt: Date;
  activatedAt: Date | null;
  retiredAt: Date | null;
}

export type SigningKeyAction = 'generate_next' | 'activate' | 'retire';

export interface Keyring {
  /** Signs with whichever key is active at the last refresh (the proxy routes and services hold on to). */
  readonly signer: ResponseSigner;
  /** The active key at the last refresh. */
  active(): SigningKeyView;
  /** The active key's private key and certificate (signs Single Logout messages). */
  activeMaterial(): SigningMaterial;
  /** The published keys at the last refresh: the active one first, then the next or previous one. */
  published(): SigningKeyView[];
  /** Re-reads the key list from the store when the configuration version moved. */
  refresh(): Promise<void>;
  /** The same for a configuration version the caller has just read (http/config-cache.ts reads it once per request). */
  refreshAt(version: number): Promise<void>;
  /** Every key, retired ones included (fresh from the store). */
  list(): Promise<SigningKeyView[]>;
  generateNext(initiator: string): Promise<SigningKeyView>;
  activate(id: string, initiator: string): Promise<SigningKeyView>;
  retire(id: string, initiator: string): Promise<SigningKeyView>;
  /** Ends the signing threads (keys/signing-workers.ts). */
  close(): Promise<void>;
}

export interface KeyringOptions {
  store: Store;
  sealer: Sealer;
  clock: Clock;
  logger: Logger;
  /** Subject CN of generated certificates (the IdP's host name). */
  commonName: string;
  /** Validity of a generated certificate, in days. */
  validityDays?: number;
  /** The key file's material: adopted as the active key when the store has none, and used instead of unsealing it. */
  fileMaterial: SigningMaterial;
  record(event: NewEvent): Promise<unknown>;
  /** Threads that make the Responses' RSA signatures (IDP_SIGNING_THREADS); 0 (default) = on the calling thread. */
  signingThreads?: number;
  /** The signing threads' code (default keys/signing-worker-source.ts); tests give one that dies. */
  signingThreadSource?: string;
}

function view(r: SigningKeyRecord): SigningKeyView {
  return {
    id: r.id,
    state: r.state,
    certificatePem: r.certificatePem,
    fingerprints: fingerprints(r.certificatePem),
    notAfter: r.notAfter,
    createdAt: r.createdAt,
    activatedAt: r.activatedAt,
    retiredAt: r.retiredAt,
  };
}

function record(material: SigningMaterial, sealer: Sealer, state: 'active' | 'next', now: Date): SigningKeyRecord {
  return {
    id: randomUUID(),
    state,
    slot: state === 'active' ? 'active' : 'standby',
    certificatePem: material.certificatePem,
    privateKeySealed: sealer.seal(material.privateKeyPem),
    sha256: fingerprints(material.certificatePem).sha256,
    notAfter: new Date(new X509Certificate(material.certificatePem).validTo),
    createdAt: now,
    activatedAt: state === 'active' ? now : null,
    retiredAt: null,
  };
}

/** Adopts the key file when the store has no active key yet (several instances at once: one insert wins). */
async function adoptFileKey({ store, sealer, clock, fileMaterial, logger }: KeyringOptions): Promise<void> {
  if ((await store.signingKeys.list()).some((k) => k.slot === 'active')) return;
  try {
    await store.signingKeys.insert(record(fileMaterial, sealer, 'active', clock.now()));
    logger.info({ sha256: fingerprints(fileMaterial.certificatePem).sha256 }, 'adopted the signing key file as the active signing key');
  } catch (err) {
    if (!(await store.signingKeys.list()).some((k) => k.slot === 'active')) throw err;
  }
}

export async function createKeyring(options: KeyringOptions): Promise<Keyring> {
  const { store, sealer, clock, logger, commonName, validityDays = 3650, fileMaterial } = options;
  await adoptFileKey(options);
  const fileSha256 = fingerprints(fileMaterial.certificatePem).sha256;
  const signers = new Map<string, ResponseSigner>();
  let keys: SigningKeyRecord[] = [];

  const materials = new Map<string, SigningMaterial>();
  function materialFor(k: SigningKeyRecord): SigningMaterial {
    let m = materials.get(k.id);
    if (!m) {
      if (k.sha256 === fileSha256) {
        m = fileMaterial;
      } else {
        try {
          m = { privateKeyPem: sealer.open(k.privateKeySealed ?? ''), certificatePem: k.certificatePem };
        } catch (err) {
          // Signing with anything else would make instances on one database sign with different keys.
          throw startupError(
            'signing_key_sealed_elsewhere',
            `The active IdP signing key (SHA-256 ${k.sha256}) was sealed with another IDP_SECRET_KEY than this instance's: give every IdP instance that shares this database the same IDP_SECRET_KEY (or idp-secret.key file). ${(err as Error).message}`,
          );
        }
      }
      materials.set(k.id, m);
    }
    return m;
  }
  function signerFor(k: SigningKeyRecord): ResponseSigner {
    let s = signers.get(k.id);
    if (!s) {
      s = createResponseSigner(materialFor(k));
      signers.set(k.id, s);
    }
    return s;
  }

  function activeRecord(): SigningKeyRecord {
    const k = keys.find((r) => r.slot === 'active');
    if (!k) throw new Error('The store holds no active signing key');
    return k;
  }

  /** The configuration version the key list was read after (the list may be newer, never older). */
  let keysVersion = -1;

  async function refreshAt(version: number): Promise<void> {
    if (version === keysVersion) return;
    const all = await store.signingKeys.list();
    const active = all.find((r) => r.slot === 'active');
    if (!active) throw new Error('The store holds no active signing key');
    signerFor(active); // unseal now: a key this instance cannot open fails the refresh, not a login
    keys = all;
    keysVersion = version;
  }

  async function refresh(): Promise<void> {
    await refreshAt(await store.configVersion.current());
  }

  await refresh();

  async function find(id: string): Promise<SigningKeyRecord> {
    const k = (await store.signingKeys.list()).find((r) => r.id === id);
    if (!k) throw adminError('not_found', `There is no IdP signing key ${id}.`);
    return k;
  }

  async function audit(action: SigningKeyAction, k: SigningKeyRecord, initiator: string): Promise<void> {
    const f = fingerprints(k.certificatePem);
    await options.record({
      type: 'signing_key',
      initiator,
      resource: `signing-key:${k.id}`,
      success: true,
      reason: action,
      detail: { sha1: f.sha1, sha256: f.sha256, notAfter: k.notAfter.toISOString() },
    });
    logger.info({ action, sha256: f.sha256 }, 'IdP signing key changed');
  }

  async function done(action: SigningKeyAction, id: string, initiator: string): Promise<SigningKeyView> {
    await refresh();
    const k = await find(id);
    await audit(action, k, initiator);
    return view(k);
  }

  const workers: SigningWorkers | undefined =
    (options.signingThreads ?? 0) > 0
      ? createSigningWorkers({
          threads: options.signingThreads ?? 0,
          logger,
          ...(options.signingThreadSource ? { source: options.signingThreadSource } : {}),
        })
      : undefined;

  const signer: ResponseSigner = {
    issue: (input) => signerFor(activeRecord()).issue(input),
    // One key for both signatures of a Response, even if a rotation lands between them.
    issueAsync: async (input) => {
      const k = activeRecord();
      const s = signerFor(k);
      if (!workers) return s.issue(input);
      return s.issueAsync(input, workers.signatureWith({ id: k.id, privateKeyPem: materialFor(k).privateKeyPem }));
    },
    signMetadata: (xml) => signerFor(activeRecord()).signMetadata(xml),
  };

  return {
    signer,
    active: () => view(activeRecord()),
    activeMaterial: () => materialFor(activeRecord()),
    published: () => keys.filter((k) => k.slot !== null).map(view),
    refresh,
    refreshAt,
    list: async () => (await store.signingKeys.list()).map(view),

    async generateNext(initiator) {
      if ((await store.signingKeys.list()).some((k) => k.slot === 'standby')) throw adminError('signing_key_standby_exists');
      const now = clock.now();
      const material = generateSigningMaterial({ commonName, days: validityDays, now });
      const next = record(material, sealer, 'next', now);
      try {
        await store.signingKeys.insert(next);
      } catch (err) {
        // Another admin (or instance) generated one at the same moment: the slot is unique.
        if ((err as { code?: string }).code === 'conflict') throw adminError('signing_key_standby_exists');
        throw err;
      }
      return done('generate_next', next.id, initiator);
    },

    async activate(id, initiator) {
      const target = await find(id);
      if (target.slot !== 'standby') throw adminError('signing_key_not_standby');
      if (target.notAfter.getTime() <= clock.now().getTime()) throw adminError('signing_key_expired');
      const now = clock.now();
      await store.transaction(async (tx) => {
        const current = (await tx.signingKeys.list()).find((k) => k.slot === 'active');
        // Slot moves in an order the unique index accepts at every statement: active → none, standby → active, old → standby.
        if (current && !(await tx.signingKeys.move(current.id, 'active', { state: 'previous', slot: null }))) {
          throw adminError('signing_key_not_standby');
        }
        if (!(await tx.signingKeys.move(id, 'standby', { state: 'active', slot: 'active', activatedAt: now }))) {
          throw adminError('signing_key_not_standby');
        }
        if (current) await tx.signingKeys.move(current.id, null, { state: 'previous', slot: 'standby' });
      });
      return done('activate', id, initiator);
    },

    async retire(id, initiator) {
      const target = await find(id);
      if (target.slot !== 'standby') throw adminError('signing_key_not_standby');
      const moved = await store.signingKeys.move(id, 'standby', {
        state: 'retired',
        slot: null,
        retiredAt: clock.now(),
        erasePrivateKey: true,
      });
      if (!moved) throw adminError('signing_key_not_standby');
      signers.delete(id);
      materials.delete(id);
      workers?.forget(id);
      return done('retire', id, initiator);
    },

    close: async () => {
      await workers?.close();
    },
  };
}
