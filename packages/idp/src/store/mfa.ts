// The MFA repository, written once for both engines (ARCHITECTURE.md §5). The one-time rules (a TOTP step, a
// recovery code) are single conditional UPDATEs, so parallel requests on any instance cannot both pass.
import { affected } from '@samlbridge/web';
import type { Selectable } from 'kysely';
import type { Sql } from './dialect.js';
import type { MfaFactorsTable } from './mfa-tables.js';
import { DEFAULT_MFA_SETTINGS, type MfaFactor, type MfaRepository, type MfaRuleScope } from './mfa-types.js';

const SETTINGS_ROW = 1;

export function mfa(ctx: Sql): MfaRepository {
  const { db, dialect } = ctx;
  const toFactor = (r: Selectable<MfaFactorsTable>): MfaFactor => ({
    id: r.id,
    owner: r.owner,
    kind: r.kind,
    name: r.name,
    secretSealed: r.secret_sealed,
    data: r.data === null ? null : dialect.fromDbJson(r.data),
    lastUsedStep: r.last_used_step === null ? null : Number(r.last_used_step),
    confirmedAt: dialect.fromDbDateOrNull(r.confirmed_at),
    lastUsedAt: dialect.fromDbDateOrNull(r.last_used_at),
    createdAt: dialect.fromDbDate(r.created_at),
  });
  return {
    async insertFactor(f) {
      await db
        .insertInto('mfa_factors')
        .values({
          id: f.id,
          owner: f.owner,
          kind: f.kind,
          name: f.name,
          secret_sealed: f.secretSealed,
          data: f.data === null ? null : dialect.toDbJson(f.data),
          last_used_step: f.lastUsedStep,
          confirmed_at: dialect.toDbDateOrNull(f.confirmedAt),
          last_used_at: dialect.toDbDateOrNull(f.lastUsedAt),
          created_at: dialect.toDbDate(f.createdAt),
        })
        .execute();
    },
    async getFactor(id) {
      const r = await db.selectFrom('mfa_factors').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toFactor(r);
    },
    async listFactors(owner) {
      const rows = await db.selectFrom('mfa_factors').selectAll().where('owner', '=', owner).orderBy('created_at').orderBy('id').execute();
      return rows.map(toFactor);
    },
    async useStep(id, step, now) {
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
    async deleteFactor(owner, id) {
      return affected(await db.deleteFrom('mfa_factors').where('owner', '=', owner).where('id', '=', id).executeTakeFirst()) > 0;
    },
    async deletePendingFactors(owner) {
      return affected(await db.deleteFrom('mfa_factors').where('owner', '=', owner).where('confirmed_at', 'is', null).executeTakeFirst());
    },
    async deleteAll(owner) {
      await db.deleteFrom('mfa_recovery_codes').where('owner', '=', owner).execute();
      return affected(await db.deleteFrom('mfa_factors').where('owner', '=', owner).executeTakeFirst());
    },
    async replaceRecoveryCodes(owner, hashes, now) {
      await db.deleteFrom('mfa_recovery_codes').where('owner', '=', owner).execute();
      if (hashes.length === 0) return;
      const created = dialect.toDbDate(now);
      await db
        .insertInto('mfa_recovery_codes')
        .values(hashes.map((code_hash) => ({ owner, code_hash, used_at: null, created_at: created })))
        .execute();
    },
    async useRecoveryCode(owner, hash, now) {
      const result = await db
        .updateTable('mfa_recovery_codes')
        .set({ used_at: dialect.toDbDate(now) })
        .where('owner', '=', owner)
        .where('code_hash', '=', hash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return affected(result) === 1;
    },
    async countUnusedRecoveryCodes(owner) {
      const r = await db
        .selectFrom('mfa_recovery_codes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('owner', '=', owner)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async setRule(scope, subjectId, required, now) {
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
    async hasRule(scope, subjectId) {
      const r = await db
        .selectFrom('mfa_rules')
        .select('scope')
        .where('scope', '=', scope)
        .where('subject_id', '=', subjectId)
        .executeTakeFirst();
      return r !== undefined;
    },
    async hasAnyRule(scope, subjectIds) {
      if (subjectIds.length === 0) return false;
      const r = await db
        .selectFrom('mfa_rules')
        .select('scope')
        .where('scope', '=', scope)
        .where('subject_id', 'in', [...subjectIds])
        .executeTakeFirst();
      return r !== undefined;
    },
    async rulesFor(userId, applicationId) {
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
    async listRules(scope) {
      const rows = await db.selectFrom('mfa_rules').select('subject_id').where('scope', '=', scope).orderBy('subject_id').execute();
      return rows.map((r) => r.subject_id);
    },
    async getSettings() {
      const r = await db.selectFrom('mfa_settings').selectAll().where('id', '=', SETTINGS_ROW).executeTakeFirst();
      return r
        ? { graceSeconds: r.grace_seconds, requireForAdmins: dialect.fromDbBool(r.require_for_admins) }
        : { ...DEFAULT_MFA_SETTINGS };
    },
    async putSettings(s, now) {
      await db
        .insertInto('mfa_settings')
        .values({
          id: SETTINGS_ROW,
          grace_seconds: s.graceSeconds,
          require_for_admins: dialect.toDbBool(s.requireForAdmins),
          updated_at: dialect.toDbDate(now),
        })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            grace_seconds: eb.ref('excluded.grace_seconds'),
            require_for_admins: eb.ref('excluded.require_for_admins'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    },
    async enrolmentDeadline(owner, proposed) {
      await db
        .insertInto('mfa_enrolment_deadlines')
        .values({ owner, deadline: dialect.toDbDate(proposed) })
        .onConflict((oc) => oc.doNothing())
        .execute();
      const r = await db.selectFrom('mfa_enrolment_deadlines').select('deadline').where('owner', '=', owner).executeTakeFirstOrThrow();
      return dialect.fromDbDate(r.deadline);
    },
    async clearEnrolmentDeadline(owner) {
      await db.deleteFrom('mfa_enrolment_deadlines').where('owner', '=', owner).execute();
    },
  };
}
