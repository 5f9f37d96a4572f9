// The IdP's signing keys, shared by every instance (ARCHITECTURE.md §5): which key signs is stored state, never
// process memory. `slot` is unique: one 'active' key (signs, published), at most one 'standby' key (published, does
// not sign: the next key before activation, the previous one after), any number of retired ones (slot null).
import { affected } from '@samlbridge/web';
import type { SigningKeysTable } from './database.js';
import { guarded, type Sql } from './dialect.js';

export type SigningKeyState = SigningKeysTable['state'];
export type SigningKeySlot = NonNullable<SigningKeysTable['slot']>;

export interface SigningKeyRecord {
  id: string;
  state: SigningKeyState;
  slot: SigningKeySlot | null;
  certificatePem: string;
  /** The PKCS#8 PEM sealed with the IdP secret key; null once retired. */
  privateKeySealed: string | null;
  /** SHA-256 of the certificate (hex, colon-separated): the same certificate is stored once. */
  sha256: string;
  notAfter: Date;
  createdAt: Date;
  activatedAt: Date | null;
  retiredAt: Date | null;
}

export interface SigningKeyMove {
  state: SigningKeyState;
  slot: SigningKeySlot | null;
  activatedAt?: Date;
  retiredAt?: Date;
  /** Retirement erases the private key. */
  erasePrivateKey?: boolean;
}

export interface SigningKeyRepository {
  /** Every key: the active one first, then the standby, then retired ones, newest first. */
  list(): Promise<SigningKeyRecord[]>;
  /**
   * The published keys' IDs and slots only (one read on the unique slot index, no certificates or sealed keys):
   * every rotation step changes them, so the keyring compares them before each request instead of re-reading keys.
   */
  slots(): Promise<{ id: string; slot: SigningKeySlot }[]>;
  /** A 409 `conflict` when the slot is taken or the certificate is already stored. */
  insert(record: SigningKeyRecord): Promise<void>;
  /** Moves the key only if it is still in `fromSlot` (another instance may have moved it); true when it moved. */
  move(id: string, fromSlot: SigningKeySlot | null, to: SigningKeyMove): Promise<boolean>;
}

const ORDER: Record<string, number> = { active: 0, standby: 1 };

export function signingKeys(ctx: Sql): SigningKeyRepository {
  const { db } = ctx;
  const date = (v: string | null) => (v === null ? null : new Date(v));
  return {
    async list() {
      const rows = await db.selectFrom('signing_keys').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();
      return rows
        .map((r) => ({
          id: r.id,
          state: r.state,
          slot: r.slot,
          certificatePem: r.certificate_pem,
          privateKeySealed: r.private_key_sealed,
          sha256: r.sha256,
          notAfter: new Date(r.not_after),
          createdAt: new Date(r.created_at),
          activatedAt: date(r.activated_at),
          retiredAt: date(r.retired_at),
        }))
        .sort((a, b) => (ORDER[a.slot ?? ''] ?? 2) - (ORDER[b.slot ?? ''] ?? 2));
    },
    async slots() {
      const rows = await db.selectFrom('signing_keys').select(['id', 'slot']).where('slot', 'is not', null).orderBy('slot').execute();
      return rows.map((r) => ({ id: r.id, slot: r.slot as SigningKeySlot }));
    },
    async insert(r) {
      await guarded(ctx, () =>
        db
          .insertInto('signing_keys')
          .values({
            id: r.id,
            state: r.state,
            slot: r.slot,
            certificate_pem: r.certificatePem,
            private_key_sealed: r.privateKeySealed,
            sha256: r.sha256,
            not_after: r.notAfter.toISOString(),
            created_at: r.createdAt.toISOString(),
            activated_at: r.activatedAt?.toISOString() ?? null,
            retired_at: r.retiredAt?.toISOString() ?? null,
          })
          .execute(),
      );
    },
    async move(id, fromSlot, to) {
      let query = db
        .updateTable('signing_keys')
        .set({
          state: to.state,
          slot: to.slot,
          ...(to.activatedAt ? { activated_at: to.activatedAt.toISOString() } : {}),
          ...(to.retiredAt ? { retired_at: to.retiredAt.toISOString() } : {}),
          ...(to.erasePrivateKey ? { private_key_sealed: null } : {}),
        })
        .where('id', '=', id);
      query = fromSlot === null ? query.where('slot', 'is', null) : query.where('slot', '=', fromSlot);
      return affected(await guarded(ctx, () => query.executeTakeFirstOrThrow())) === 1;
    },
  };
}
