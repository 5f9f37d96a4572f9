// Invitations: how a user without a password (imported from an application, or created without one) gets one. The
// admin creates a single-use set-password link and gives it to the person (no email is sent); the person chooses a
// password under the same policy as every other way of setting one, then signs in. The link carries a random
// 256-bit token; only its SHA-256 is stored (store/invitations.ts), a new invitation voids the previous one, and a
// link works once, until IDP_INVITATION_TTL_HOURS after it was made.
import { randomBytes } from 'node:crypto';
import { type Clock, hashToken } from '@samlbridge/web';
import { adminError } from '../admin-errors.js';
import type { User } from '../domain.js';
import type { Store } from '../store/types.js';
import type { UserDirectory } from './directory-users.js';
import { passwordPolicyProblem } from './directory-users.js';
import type { EventService } from './events.js';
import { Validator } from './validation.js';

/** Where the link points: the query string, which the request log never writes (only the path). */
export const INVITATION_PATH = '/invitation';

export interface CreatedInvitation {
  userId: string;
  username: string;
  /** The set-password link, shown once: only its token's hash is kept. */
  url: string;
  expiresAt: Date;
}

export interface InvitationService {
  /** A new link for the user (the previous one stops working). `initiator`: `admin:<email>` or `admin-api`. */
  create(userId: string, initiator: string): Promise<CreatedInvitation>;
  /** The user a still-valid link is for; undefined when it was used, replaced or expired. */
  userFor(token: string): Promise<User | undefined>;
  /**
   * Checks the password policy (throws validation_failed), then uses the link once and sets the password: the user,
   * or undefined when the link was already used, replaced or expired.
   */
  accept(token: string, password: unknown, confirmation: unknown): Promise<User | undefined>;
}

export interface InvitationOptions {
  store: Store;
  clock: Clock;
  directory: Pick<UserDirectory, 'getUser' | 'findUser' | 'setPassword'>;
  events: EventService;
  baseUrl: string;
  ttlHours: number;
}

export function createInvitationService({ store, clock, directory, events, baseUrl, ttlHours }: InvitationOptions): InvitationService {
  const origin = baseUrl.replace(/\/+$/, '');
  return {
    async create(userId, initiator) {
      const user = await directory.getUser(userId);
      if (user.status !== 'active')
        throw adminError('user_suspended', `${user.username} is suspended: activate the user before inviting them.`);
      // 256 bits from the CSPRNG; the link holds it, the store its SHA-256 only.
      const token = randomBytes(32).toString('base64url');
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000);
      await store.invitations.put({ userId, tokenHash: hashToken(token), createdAt: now, expiresAt, createdBy: initiator });
      await events.record({
        type: 'invitation_created',
        initiator,
        userId,
        username: user.username,
        resource: `user:${userId}`,
        success: true,
        detail: { expiresAt: expiresAt.toISOString() },
      });
      return { userId, username: user.username, url: `${origin}${INVITATION_PATH}?token=${token}`, expiresAt };
    },

    async userFor(token) {
      const found = await store.invitations.findByTokenHash(hashToken(token), clock.now());
      return found && (await directory.findUser(found.userId));
    },

    async accept(token, password, confirmation) {
      const v = Validator.of({ password, confirmation });
      const problem = passwordPolicyProblem(password);
      if (problem) v.problem('password', problem);
      else if (password !== confirmation) v.problem('confirmation', 'must be the same password as above');
      v.done();
      // Used once: of two submissions at once, one deletes the row and sets the password; the other is refused.
      const userId = await store.invitations.consume(hashToken(token), clock.now());
      if (!userId) return undefined;
      await directory.setPassword(userId, { password: password as string });
      const user = await directory.getUser(userId);
      await events.record({
        type: 'invitation_used',
        initiator: user.username,
        userId,
        username: user.username,
        resource: `user:${userId}`,
        success: true,
      });
      return user;
    },
  };
}
