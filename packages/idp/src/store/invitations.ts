// Invitations: a single-use set-password link per user (services/invitations.ts). Only the SHA-256 of the link's
// token is stored; one row per user, so a new invitation replaces (voids) the previous one. Using one deletes it in
// ONE statement, so of two uses at once only one wins, on either engine. Expired rows are swept (expiry-sweep.ts).
import { affected, type Columns, table } from '@samlbridge/web';
import type { InvitationsTable } from './database.js';
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

export interface InvitationRepository {
  /** Stores the user's invitation, replacing any earlier one (whose link then stops working). */
  put(invitation: Invitation): Promise<void>;
  /** The invitation whose token hashes to `tokenHash`, when it has not expired at `now`. */
  findByTokenHash(tokenHash: string, now: Date): Promise<Invitation | undefined>;
  /** The user's open invitation (not expired at `now`). */
  findForUser(userId: string, now: Date): Promise<Invitation | undefined>;
  /** Uses the invitation once: the user ID to whoever deletes it, undefined to everyone else (used, replaced, expired). */
  consume(tokenHash: string, now: Date): Promise<string | undefined>;
  deleteExpired(now: Date): Promise<number>;
}

const COLUMNS: Columns<Invitation, InvitationsTable> = {
  userId: 'user_id',
  tokenHash: 'token_hash',
  createdAt: ['created_at', 'date'],
  expiresAt: ['expires_at', 'date'],
  createdBy: 'created_by',
};

export function invitations({ db, dialect }: Sql): InvitationRepository {
  const t = table(db, dialect, 'invitations', COLUMNS);
  const open = async (column: 'token_hash' | 'user_id', value: string, now: Date) => {
    const row = await db
      .selectFrom('invitations')
      .selectAll()
      .where(column, '=', value)
      .where('expires_at', '>', dialect.toDbDate(now))
      .executeTakeFirst();
    return row ? t.fromRow(row) : undefined;
  };
  return {
    put: (invitation) => t.upsert(invitation, ['user_id']),
    findByTokenHash: (tokenHash, now) => open('token_hash', tokenHash, now),
    findForUser: (userId, now) => open('user_id', userId, now),
    async consume(tokenHash, now) {
      const found = await open('token_hash', tokenHash, now);
      if (!found) return undefined;
      const deleted = await db
        .deleteFrom('invitations')
        .where('token_hash', '=', tokenHash)
        .where('expires_at', '>', dialect.toDbDate(now))
        .executeTakeFirstOrThrow();
      return affected(deleted) === 1 ? found.userId : undefined;
    },
    async deleteExpired(now) {
      return affected(await db.deleteFrom('invitations').where('expires_at', '<=', dialect.toDbDate(now)).executeTakeFirstOrThrow());
    },
  };
}
