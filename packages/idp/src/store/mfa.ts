// The MFA repository, written once for both engines (ARCHITECTURE.md §5). The one-time rules (a TOTP step, a
// recovery code) are single conditional UPDATEs, so parallel requests on any instance cannot both pass.
import { affected, countRows, hasRow, type Keyed, keyedColumns, keyedTable, type RowOf, snakeColumns, table } from '@samlbridge/web';
import type { Sql } from './dialect.js';
import { DEFAULT_MFA_SETTINGS, type MfaFactor, type MfaOwner, type MfaRuleScope, type MfaSettings } from './mfa-types.js';

// `owner`: `user:<id>` or `admin:<id>`.
// `secretSealed`: TOTP: the seed sealed with the IdP secret key (SecretBox). Null for kinds without a shared secret.
// `data`: Kind-specific public data (a WebAuthn credential's public key and counter); never a secret.
// `lastUsedStep`: TOTP: the last accepted time step (RFC 6238 §5.2: each step is accepted once).
const FACTOR = snakeColumns<MfaFactor>()({
  text: ['id', 'owner', 'kind', 'name', 'secretSealed'],
  date: ['createdAt'],
  'date?': ['confirmedAt', 'lastUsedAt'],
  'json?': ['data'],
  'number?': ['lastUsedStep'],
});
export type MfaFactorsTable = RowOf<MfaFactor, typeof FACTOR>;

/** The one row of the MFA policy settings. */
const SETTINGS = keyedColumns<MfaSettings>()('id', {
  text: ['graceSeconds'],
  bool: ['requireForAdmins'],
});
export type MfaSettingsTable = RowOf<Keyed<MfaSettings, number>, typeof SETTINGS>;
const SETTINGS_ROW = 1;

export function mfa(ctx: Sql) {
  const { db, dialect } = ctx;
  const factors = table<MfaFactor, MfaFactorsTable>(db, dialect, 'mfa_factors', FACTOR);
  const settings = keyedTable<MfaSettings, number, MfaSettingsTable>(db, dialect, 'mfa_settings', SETTINGS);
  return {
    insertFactor: (f: MfaFactor) => factors.insert(f),
    getFactor: (id: string) => factors.find({ id }),
    /** Confirmed and pending factors of one owner, oldest first. */
    async listFactors(owner: MfaOwner) {
      const rows = await db.selectFrom('mfa_factors').selectAll().where('owner', '=', owner).orderBy('created_at').orderBy('id').execute();
      return rows.map(factors.fromRow);
    },
    /**
     * Accepts time step `step` of a TOTP factor once, in ONE statement: true only when the factor's last used step is
     * lower (so two parallel posts of one code: exactly one true), and confirms a pending factor.
     */
    async useStep(id: string, step: number, now: Date) {
      const at = dialect.toDbDate(now);
      const result = await db
        .updateTable('mfa_factors')
        .set({ last_used_step: step, last_used_at: at })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
        .executeTakeFirst();
      if (affected(result) !== 1) return false;
      await db.updateTable('mfa_factors').set({ confirmed_at: at }).where('id', '=', id).where('confirmed_at', 'is', null).execute();
      return true;
    },
    async deleteFactor(owner: MfaOwner, id: string) {
      return affected(await db.deleteFrom('mfa_factors').where('owner', '=', owner).where('id', '=', id).executeTakeFirst()) > 0;
    },
    /** Pending (unconfirmed) factors of the owner: a new enrolment replaces an abandoned one. */
    async deletePendingFactors(owner: MfaOwner) {
      return affected(await db.deleteFrom('mfa_factors').where('owner', '=', owner).where('confirmed_at', 'is', null).executeTakeFirst());
    },
    /** Every factor and recovery code of the owner (an admin's reset); returns how many factors. */
    async deleteAll(owner: MfaOwner) {
      await db.deleteFrom('mfa_recovery_codes').where('owner', '=', owner).execute();
      return affected(await db.deleteFrom('mfa_factors').where('owner', '=', owner).executeTakeFirst());
    },
    /** Voids the owner's recovery codes and stores the new hashes. */
    async replaceRecoveryCodes(owner: MfaOwner, hashes: string[], now: Date) {
      await db.deleteFrom('mfa_recovery_codes').where('owner', '=', owner).execute();
      if (hashes.length === 0) return;
      const created = dialect.toDbDate(now);
      await db
        .insertInto('mfa_recovery_codes')
        .values(hashes.map((code_hash) => ({ owner, code_hash, used_at: null, created_at: created })))
        .execute();
    },
    /** Marks the code used, once (atomic): false when unknown or already used. */
    async useRecoveryCode(owner: MfaOwner, hash: string, now: Date) {
      const result = await db
        .updateTable('mfa_recovery_codes')
        .set({ used_at: dialect.toDbDate(now) })
        .where('owner', '=', owner)
        .where('code_hash', '=', hash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return affected(result) === 1;
    },
    countUnusedRecoveryCodes: (owner: MfaOwner) =>
      countRows(db.selectFrom('mfa_recovery_codes').where('owner', '=', owner).where('used_at', 'is', null)),
    async setRule(scope: MfaRuleScope, subjectId: string, required: boolean, now: Date) {
      if (!required) {
        await db.deleteFrom('mfa_rules').where('scope', '=', scope).where('subject_id', '=', subjectId).execute();
        return;
      }
      await db
        .insertInto('mfa_rules')
        .values({ scope, subject_id: subjectId, created_at: dialect.toDbDate(now) })
        .onConflict((oc) => oc.doNothing())
        .execute();
    },
    hasRule: (scope: MfaRuleScope, subjectId: string) => hasRow(db, 'mfa_rules', { scope, subject_id: subjectId }),
    /** True when any of the subjects has a rule (group ids of a user, for instance). */
    async hasAnyRule(scope: MfaRuleScope, subjectIds: readonly string[]) {
      if (subjectIds.length === 0) return false;
      const r = await db
        .selectFrom('mfa_rules')
        .select('scope')
        .where('scope', '=', scope)
        .where('subject_id', 'in', [...subjectIds])
        .executeTakeFirst();
      return r !== undefined;
    },
    /** In one read: the rules on the user, on any group the user is a member of, and on the application (if given). */
    async rulesFor(userId: string, applicationId?: string) {
      const rows = await db
        .selectFrom('mfa_rules')
        .select(['scope', 'subject_id'])
        .where((eb) =>
          eb.or([
            eb.and([eb('scope', '=', 'user'), eb('subject_id', '=', userId)]),
            eb.and([
              eb('scope', '=', 'group'),
              eb('subject_id', 'in', eb.selectFrom('group_members').select('group_id').where('user_id', '=', userId)),
            ]),
            ...(applicationId ? [eb.and([eb('scope', '=', 'application'), eb('subject_id', '=', applicationId)])] : []),
          ]),
        )
        .execute();
      return rows.map((r) => ({ scope: r.scope as MfaRuleScope, subjectId: r.subject_id }));
    },
    async listRules(scope: MfaRuleScope) {
      const rows = await db.selectFrom('mfa_rules').select('subject_id').where('scope', '=', scope).orderBy('subject_id').execute();
      return rows.map((r) => r.subject_id);
    },
    getSettings: async (): Promise<MfaSettings> => (await settings.get(SETTINGS_ROW)) ?? { ...DEFAULT_MFA_SETTINGS },
    putSettings: (s: MfaSettings, now: Date) => settings.put(SETTINGS_ROW, s, now),
    /** The owner's enrolment deadline, set on first call (later calls keep the first one): the grace period's end. */
    async enrolmentDeadline(owner: MfaOwner, proposed: Date) {
      await db
        .insertInto('mfa_enrolment_deadlines')
        .values({ owner, deadline: dialect.toDbDate(proposed) })
        .onConflict((oc) => oc.doNothing())
        .execute();
      const r = await db.selectFrom('mfa_enrolment_deadlines').select('deadline').where('owner', '=', owner).executeTakeFirstOrThrow();
      return dialect.fromDbDate(r.deadline);
    },
    async clearEnrolmentDeadline(owner: MfaOwner) {
      await db.deleteFrom('mfa_enrolment_deadlines').where('owner', '=', owner).execute();
    },
  };
}
