// Provisioning links, IdM integrations and portal notifications, written once for both engines.
import { affected } from '@samlbridge/web';
import type { Selectable } from 'kysely';
import type { Database, IdmIntegrationsTable, ProvisioningLinksTable } from './database.js';
import type { Sql } from './dialect.js';
import type {
  IdmIntegration,
  IdmIntegrationRepository,
  NotificationRepository,
  PortalNotification,
  ProvisioningLink,
  ProvisioningLinkRepository,
} from './provisioning-types.js';

export function provisioningLinks({ db, dialect }: Sql): ProvisioningLinkRepository {
  const toLink = (r: Selectable<ProvisioningLinksTable>): ProvisioningLink => ({
    applicationId: r.application_id,
    kind: r.kind,
    localId: r.local_id,
    remoteId: r.remote_id,
    remoteName: r.remote_name,
    state: r.state,
    remoteMembers: dialect.fromDbJson(r.remote_members),
    lastAction: r.last_action,
    lastSuccess: dialect.fromDbBoolOrNull(r.last_success),
    lastStatus: r.last_status,
    lastError: r.last_error,
    lastAttemptAt: dialect.fromDbDateOrNull(r.last_attempt_at),
  });
  const of = (applicationId: string, kind: ProvisioningLink['kind']) =>
    db.selectFrom('provisioning_links').where('application_id', '=', applicationId).where('kind', '=', kind);
  return {
    async get(applicationId, kind, localId) {
      const row = await of(applicationId, kind).selectAll().where('local_id', '=', localId).executeTakeFirst();
      return row && toLink(row);
    },
    async findByRemoteId(applicationId, kind, remoteId) {
      const row = await of(applicationId, kind).selectAll().where('remote_id', '=', remoteId).limit(1).executeTakeFirst();
      return row && toLink(row);
    },
    async put(l) {
      const values = {
        application_id: l.applicationId,
        kind: l.kind,
        local_id: l.localId,
        remote_id: l.remoteId,
        remote_name: l.remoteName,
        state: l.state,
        remote_members: dialect.toDbJson(l.remoteMembers),
        last_action: l.lastAction,
        last_success: l.lastSuccess === null ? null : dialect.toDbBool(l.lastSuccess),
        last_status: l.lastStatus,
        last_error: l.lastError,
        last_attempt_at: dialect.toDbDateOrNull(l.lastAttemptAt),
      };
      const { application_id: _a, kind: _k, local_id: _l, ...update } = values;
      await db
        .insertInto('provisioning_links')
        .values(values)
        .onConflict((oc) => oc.columns(['application_id', 'kind', 'local_id']).doUpdateSet(update))
        .execute();
    },
    async delete(applicationId, kind, localId) {
      const result = await db
        .deleteFrom('provisioning_links')
        .where('application_id', '=', applicationId)
        .where('kind', '=', kind)
        .where('local_id', '=', localId)
        .executeTakeFirstOrThrow();
      return affected(result) > 0;
    },
    async list(applicationId, kind, { limit, offset }) {
      const rows = await of(applicationId, kind).selectAll().orderBy(dialect.binary('remote_name')).limit(limit).offset(offset).execute();
      const total = await of(applicationId, kind)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return { items: rows.map(toLink), total: Number(total.n), limit, offset };
    },
  };
}

export function idmIntegrations({ db, dialect }: Sql): IdmIntegrationRepository {
  const toIntegration = (r: Selectable<IdmIntegrationsTable>): IdmIntegration => ({
    applicationId: r.application_id,
    baseUrl: r.base_url,
    tokenCiphertext: r.token_ciphertext,
    active: dialect.fromDbBool(r.active),
    deleteOnIdpDelete: dialect.fromDbBool(r.delete_on_idp_delete),
    importSchedule: r.import_schedule,
    lastImportAt: dialect.fromDbDateOrNull(r.last_import_at),
    verifiedAt: dialect.fromDbDateOrNull(r.verified_at),
    createdAt: dialect.fromDbDate(r.created_at),
    updatedAt: dialect.fromDbDate(r.updated_at),
  });
  return {
    async get(applicationId) {
      const row = await db.selectFrom('idm_integrations').selectAll().where('application_id', '=', applicationId).executeTakeFirst();
      return row && toIntegration(row);
    },
    async put(i) {
      const update = {
        base_url: i.baseUrl,
        token_ciphertext: i.tokenCiphertext,
        active: dialect.toDbBool(i.active),
        delete_on_idp_delete: dialect.toDbBool(i.deleteOnIdpDelete),
        import_schedule: i.importSchedule,
        last_import_at: dialect.toDbDateOrNull(i.lastImportAt),
        verified_at: dialect.toDbDateOrNull(i.verifiedAt),
        updated_at: dialect.toDbDate(i.updatedAt),
      };
      await db
        .insertInto('idm_integrations')
        .values({ ...update, application_id: i.applicationId, created_at: dialect.toDbDate(i.createdAt) })
        .onConflict((oc) => oc.column('application_id').doUpdateSet(update))
        .execute();
    },
    async delete(applicationId) {
      return affected(await db.deleteFrom('idm_integrations').where('application_id', '=', applicationId).executeTakeFirstOrThrow()) > 0;
    },
    async listActive() {
      const rows = await db
        .selectFrom('idm_integrations')
        .selectAll()
        .where('active', '=', dialect.toDbBool(true))
        .orderBy(dialect.binary('application_id'))
        .execute();
      return rows.map(toIntegration);
    },
  };
}

export function notifications({ db, dialect }: Sql): NotificationRepository {
  const toNotification = (r: Selectable<Database['portal_notifications']>): PortalNotification => ({
    id: r.id,
    time: dialect.fromDbDate(r.time),
    applicationId: r.application_id,
    kind: r.kind,
    message: r.message,
    read: dialect.fromDbBool(r.read),
  });
  return {
    async insert(n) {
      await db
        .insertInto('portal_notifications')
        .values({
          id: n.id,
          time: dialect.toDbDate(n.time),
          application_id: n.applicationId,
          kind: n.kind,
          message: n.message,
          read: dialect.toDbBool(n.read),
        })
        .execute();
    },
    async list({ limit, offset, unreadOnly }) {
      let query = db.selectFrom('portal_notifications');
      if (unreadOnly) query = query.where('read', '=', dialect.toDbBool(false));
      const rows = await query
        .selectAll()
        .orderBy('time', 'desc')
        .orderBy(dialect.binary('id'), 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return { items: rows.map(toNotification), total: Number(total.n), limit, offset };
    },
    async markRead(id) {
      const result = await db
        .updateTable('portal_notifications')
        .set({ read: dialect.toDbBool(true) })
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return affected(result) > 0;
    },
  };
}
