// The data step of the identity-key migrations (both apps, both engines): every existing user gets
// the username and email keys of @samlbridge/protocol; where two users of one scope now share a key,
// the earlier one keeps it and the later one is flagged (left out of the unique index), never merged
// or deleted.
import { emailKey, usernameKey } from '@samlbridge/protocol';

export interface IdentityRow {
  id: string | number;
  /** Uniqueness scope (the SP's tenant; '' for the IdP's one directory). */
  scope: string;
  username: string;
  email: string;
}

export interface IdentityKeyPlan {
  id: string | number;
  usernameKey: string;
  emailKey: string;
  /** Set when an earlier user of the scope has the same username key: names that user. */
  usernameConflict: string | null;
  /** Set when an earlier user of the scope has the same (non-empty) email key. */
  emailConflict: string | null;
}

/** Keys and conflict flags for `rows`, given oldest first (the oldest holder of a key keeps it). */
export function planIdentityKeys(rows: readonly IdentityRow[]): IdentityKeyPlan[] {
  const usernames = new Map<string, IdentityRow>();
  const emails = new Map<string, IdentityRow>();
  return rows.map((row) => {
    const plan: IdentityKeyPlan = {
      id: row.id,
      usernameKey: usernameKey(row.username),
      emailKey: emailKey(row.email),
      usernameConflict: null,
      emailConflict: null,
    };
    const u = `${row.scope}\u0000${plan.usernameKey}`;
    const earlierUser = usernames.get(u);
    if (earlierUser) plan.usernameConflict = `same username as user ${earlierUser.id} "${earlierUser.username}"`;
    else usernames.set(u, row);
    if (plan.emailKey !== '') {
      const e = `${row.scope}\u0000${plan.emailKey}`;
      const earlierEmail = emails.get(e);
      if (earlierEmail) plan.emailConflict = `same email as user ${earlierEmail.id} "${earlierEmail.username}"`;
      else emails.set(e, row);
    }
    return plan;
  });
}

/** A user left out of a unique index by planIdentityKeys, as the stores list them for the start-up report. */
export interface IdentityConflict {
  id: string | number;
  scope: string;
  username: string;
  usernameConflict: string | null;
  emailConflict: string | null;
}

/** The one start-up line naming every flagged user (nothing when there is none). */
export function identityConflictReport(conflicts: readonly IdentityConflict[]): string | undefined {
  if (conflicts.length === 0) return undefined;
  const each = conflicts.map((c) => {
    const what = [c.usernameConflict, c.emailConflict].filter(Boolean).join(' and ');
    return `${c.scope ? `${c.scope}: ` : ''}user ${c.id} "${c.username}" (${what})`;
  });
  return `${conflicts.length} user(s) share a username or email with an earlier user under the Unicode comparison rule and are kept out of its unique index until renamed: ${each.join('; ')}`;
}
