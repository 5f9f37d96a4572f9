// The IdP's signing keys, shared by every instance (ARCHITECTURE.md §5): which key signs is stored state, never
// process memory. `slot` is unique: one 'active' key (signs, published), at most one 'standby' key (published, does
// not sign: the next key before activation, the previous one after), any number of retired ones (slot null).
import { affected, type RowOf, snakeColumns, table } from '@samlbridge/web';
import { guarded, type Sql } from './dialect.js';

export type SigningKeyState = 'next' | 'active' | 'previous' | 'retired';
export type SigningKeySlot = 'active' | 'standby';

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

const COLUMNS = snakeColumns<SigningKeyRecord>()({
  text: ['id', 'state', 'slot', 'certificatePem', 'privateKeySealed', 'sha256'],
  iso: ['notAfter', 'createdAt'],
  'iso?': ['activatedAt', 'retiredAt'],
});
/** Timestamps as ISO-8601 text on both engines. */
export type SigningKeysTable = RowOf<SigningKeyRecord, typeof COLUMNS>;

const ORDER: Record<string, number> = { active: 0, standby: 1 };

export function signingKeys(ctx: Sql) {
  const { db, dialect } = ctx;
  const t = table<SigningKeyRecord, SigningKeysTable>(db, dialect, 'signing_keys', COLUMNS);
  return {
    /** Every key: the active one first, then the standby, then retired ones, newest first. */
    async list() {
      const rows = await db.selectFrom('signing_keys').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.map(t.fromRow).sort((a, b) => (ORDER[a.slot ?? ''] ?? 2) - (ORDER[b.slot ?? ''] ?? 2));
    },
    /**
     * The published keys' IDs and slots only (one read on the unique slot index, no certificates or sealed keys):
     * every rotation step changes them, so the keyring compares them before each request instead of re-reading keys.
     */
    async slots() {
      const rows = await db.selectFrom('signing_keys').select(['id', 'slot']).where('slot', 'is not', null).orderBy('slot').execute();
      return rows.map((r) => ({ id: r.id, slot: r.slot as SigningKeySlot }));
    },
    /** A 409 `conflict` when the slot is taken or the certificate is already stored. */
    insert: (r: SigningKeyRecord) => guarded(ctx, () => t.insert(r)),
    /** Moves the key only if it is still in `fromSlot` (another instance may have moved it); true when it moved. */
    async move(id: string, fromSlot: SigningKeySlot | null, to: SigningKeyMove) {
      let query = db
        .updateTable('signing_keys')
        .set({
          ...t.toPatch({ state: to.state, slot: to.slot, activatedAt: to.activatedAt, retiredAt: to.retiredAt }),
          ...(to.erasePrivateKey ? { private_key_sealed: null } : {}),
        })
        .where('id', '=', id);
      query = fromSlot === null ? query.where('slot', 'is', null) : query.where('slot', '=', fromSlot);
      return affected(await guarded(ctx, () => query.executeTakeFirstOrThrow())) === 1;
    },
  };
}
