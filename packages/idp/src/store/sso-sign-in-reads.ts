// What the SSO endpoint reads about a signed-in person on every request, in ONE statement: the user, whether the IdP
// session was ended (its SessionIndex, or the user's "end every session" cutoff: single-logout.ts `isEnded`), whether
// a group bound to the application holds the user (applications.ts `isUserBound`), and whether an MFA rule applies
// (mfa.ts `rulesFor`: the user's, one of their groups', the application's). Built and compiled once (web's precompiled).
import { precompiled, rowMapper } from '@samlbridge/web';
import type { UserRecord } from '../domain.js';
import type { Sql } from './dialect.js';
import { USER_COLUMNS, type UsersTable } from './users.js';

export interface SsoSignInReads {
  /** Undefined when the user no longer exists. */
  user: UserRecord | undefined;
  /** Ended by a LogoutRequest or by the admin, on any instance. */
  sessionEnded: boolean;
  /** A member of a group bound to the application. */
  bound: boolean;
  /** At least one MFA rule (user, group, application) requires a second factor. */
  mfaRequired: boolean;
}

export function ssoSignInReads({ db, dialect }: Sql) {
  const users = rowMapper<UserRecord, UsersTable>(dialect, USER_COLUMNS);
  const query = precompiled(db, (p: (name: 'userId' | 'sessionIndex' | 'applicationId') => string) =>
    db
      .selectFrom('users')
      .selectAll('users')
      .select((eb) => [
        eb.selectFrom('ended_sessions').select('session_index').where('session_index', '=', p('sessionIndex')).as('sso_ended'),
        eb.selectFrom('user_session_cutoffs').select('ended_before').where('user_id', '=', p('userId')).as('sso_ended_before'),
        eb
          .exists(
            eb
              .selectFrom('group_bindings as b')
              .innerJoin('group_members as m', 'm.group_id', 'b.group_id')
              .select('b.group_id')
              .where('m.user_id', '=', p('userId'))
              .where('b.application_id', '=', p('applicationId')),
          )
          .as('sso_bound'),
        eb
          .exists(
            eb
              .selectFrom('mfa_rules')
              .select('scope')
              .where((r) =>
                r.or([
                  r.and([r('scope', '=', 'user'), r('subject_id', '=', p('userId'))]),
                  r.and([
                    r('scope', '=', 'group'),
                    r('subject_id', 'in', r.selectFrom('group_members').select('group_id').where('user_id', '=', p('userId'))),
                  ]),
                  r.and([r('scope', '=', 'application'), r('subject_id', '=', p('applicationId'))]),
                ]),
              ),
          )
          .as('sso_mfa'),
      ])
      .where('users.id', '=', p('userId')),
  );
  return {
    /** The signed-in person's state for one SSO request to `applicationId`, in one statement. */
    async read(userId: string, sessionIndex: string, authnInstant: Date, applicationId: string): Promise<SsoSignInReads> {
      const row = (await query({ userId, sessionIndex, applicationId })).rows[0];
      if (!row) return { user: undefined, sessionEnded: false, bound: false, mfaRequired: false };
      const { sso_ended, sso_ended_before, sso_bound, sso_mfa, ...user } = row;
      const cutoff = sso_ended_before === null ? undefined : dialect.fromDbDate(sso_ended_before);
      return {
        user: users.fromRow(user),
        sessionEnded: sso_ended !== null || (cutoff !== undefined && authnInstant.getTime() <= cutoff.getTime()),
        bound: dialect.fromDbBool(sso_bound),
        mfaRequired: dialect.fromDbBool(sso_mfa),
      };
    },
  };
}
