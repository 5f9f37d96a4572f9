// Invitations: a single-use set-password link per user (services/invitations.ts). Only the SHA-256 of the link's
// token is stored; one row per user, so a new invitation replaces (voids) the previous one. Using one deletes it in
// ONE statement, so of two uses at once only one wins, on either engine. Expired rows are swept (expiry-sweep.ts).
import { affected, deleteExpired, type RowOf, snakeColumns, table, unexpiredRow } from '@samlbridge/web';
import type { Selectable } from 'kysely';
import type { Sql } from './dialect.js';

export interface Invitation {
  userId: string;
  /** SHA-256 of the token, hex. */
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
  /** Who created it: `admin:<email>` (portal) or `admin-api`. */
  createdBy: string;
}

const COLUMNS = snakeColumns<Invitation>()({
  text: ['userId', 'tokenHash', 'createdBy'],
  date: ['createdAt', 'expiresAt'],
});
/** Single-use set-password links: one per user, only the token's SHA-256 kept. */
export type InvitationsTable = RowOf<Invitation, typeof COLUMNS>;

export function invitations(ctx: Sql) {
  const { db, dialect } = ctx;
  const t = table<Invitation, InvitationsTable>(db, dialect, 'invitations', COLUMNS);
  const open = async (column: 'token_hash' | 'user_id', value: string, now: Date) => {
    const row = await unexpiredRow<Selectable<InvitationsTable>>(ctx, 'invitations', column, value, now);
    return row ? t.fromRow(row) : undefined;
  };
  return {
    /** Stores the user's invitation, replacing any earlier one (whose link then stops working). */
    put: (invitation: Invitation) => t.upsert(invitation, ['user_id']),
    /** The invitation whose token hashes to `tokenHash`, when it has not expired at `now`. */
    findByTokenHash: (tokenHash: string, now: Date) => open('token_hash', tokenHash, now),
    /** The user's open invitation (not expired at `now`). */
    findForUser: (userId: string, now: Date) => open('user_id', userId, now),
    /** Uses the invitation once: the user ID to whoever deletes it, undefined to everyone else (used, replaced, expired). */
    async consume(tokenHash: string, now: Date) {
      const found = await open('token_hash', tokenHash, now);
      if (!found) return undefined;
      const deleted = await db
        .deleteFrom('invitations')
        .where('token_hash', '=', tokenHash)
        .where('expires_at', '>', dialect.toDbDate(now))
        .executeTakeFirstOrThrow();
      return affected(deleted) === 1 ? found.userId : undefined;
    },
    deleteExpired: (now: Date) => deleteExpired(ctx, 'invitations', now),
  };
}
