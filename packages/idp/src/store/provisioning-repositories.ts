// Provisioning links, IdM integrations and portal notifications, written once for both engines.
import { chunksOf, pageOf, type RowOf, snakeColumns, table } from '@samlbridge/web';
import type { Sql } from './dialect.js';
import type { IdmIntegration, LinkKind, PortalNotification, ProvisioningLink } from './provisioning-types.js';
import type { ListOptions } from './types.js';

const LINK = snakeColumns<ProvisioningLink>()({
  text: ['applicationId', 'kind', 'localId', 'remoteId', 'remoteName', 'state', 'lastAction', 'lastStatus', 'lastError'],
  'date?': ['lastAttemptAt'],
  'bool?': ['lastSuccess'],
  json: ['remoteMembers'],
});
export type ProvisioningLinksTable = RowOf<ProvisioningLink, typeof LINK>;

const INTEGRATION = snakeColumns<IdmIntegration>()({
  text: ['applicationId', 'baseUrl', 'tokenCiphertext', 'importSchedule'],
  date: ['createdAt', 'updatedAt'],
  'date?': ['lastImportAt', 'verifiedAt'],
  bool: ['active', 'deleteOnIdpDelete'],
});
export type IdmIntegrationsTable = RowOf<IdmIntegration, typeof INTEGRATION>;

const NOTIFICATION = snakeColumns<PortalNotification>()({
  text: ['id', 'applicationId', 'kind', 'message'],
  date: ['time'],
  bool: ['read'],
});
export type PortalNotificationsTable = RowOf<PortalNotification, typeof NOTIFICATION>;

export function provisioningLinks({ db, dialect }: Sql) {
  const t = table<ProvisioningLink, ProvisioningLinksTable>(db, dialect, 'provisioning_links', LINK);
  const of = (applicationId: string, kind: ProvisioningLink['kind']) =>
    db.selectFrom('provisioning_links').where('application_id', '=', applicationId).where('kind', '=', kind);
  return {
    get: (applicationId: string, kind: LinkKind, localId: string) => t.find({ application_id: applicationId, kind, local_id: localId }),
    findByRemoteId: (applicationId: string, kind: LinkKind, remoteId: string) =>
      t.find({ application_id: applicationId, kind, remote_id: remoteId }),
    put: (l: ProvisioningLink) => t.upsert(l, ['application_id', 'kind', 'local_id']),
    delete: async (applicationId: string, kind: LinkKind, localId: string) =>
      (await t.delete({ application_id: applicationId, kind, local_id: localId })) > 0,
    list: (applicationId: string, kind: LinkKind, page: ListOptions) =>
      pageOf(of(applicationId, kind), (q) => q.orderBy(dialect.binary('remote_name')), t.fromRow, page),
    /** The remote ids of these local ids that have one (localId → remoteId), in one query per 500 ids. */
    async remoteIds(applicationId: string, kind: LinkKind, localIds: string[]) {
      const out = new Map<string, string>();
      for (const chunk of chunksOf(localIds)) {
        const rows = await of(applicationId, kind)
          .select(['local_id', 'remote_id'])
          .where('local_id', 'in', chunk)
          .where('remote_id', 'is not', null)
          .execute();
        for (const r of rows) if (r.remote_id !== null) out.set(r.local_id, r.remote_id);
      }
      return out;
    },
  };
}

export function idmIntegrations({ db, dialect }: Sql) {
  const t = table<IdmIntegration, IdmIntegrationsTable>(db, dialect, 'idm_integrations', INTEGRATION);
  return {
    get: (applicationId: string) => t.find({ application_id: applicationId }),
    put: (i: IdmIntegration) => t.upsert(i, ['application_id'], ['created_at']),
    delete: async (applicationId: string) => (await t.delete({ application_id: applicationId })) > 0,
    async listActive() {
      const rows = await db
        .selectFrom('idm_integrations')
        .selectAll()
        .where('active', '=', dialect.toDbBool(true))
        .orderBy(dialect.binary('application_id'))
        .execute();
      return rows.map(t.fromRow);
    },
  };
}

export function notifications({ db, dialect }: Sql) {
  const t = table<PortalNotification, PortalNotificationsTable>(db, dialect, 'portal_notifications', NOTIFICATION);
  return {
    insert: (n: PortalNotification) => t.insert(n),
    list({ unreadOnly, ...page }: ListOptions & { unreadOnly?: boolean }) {
      let query = db.selectFrom('portal_notifications');
      if (unreadOnly) query = query.where('read', '=', dialect.toDbBool(false));
      return pageOf(query, (q) => q.orderBy('time', 'desc').orderBy(dialect.binary('id'), 'desc'), t.fromRow, page);
    },
    markRead: async (id: string) => (await t.update({ id }, { read: true })) !== undefined,
  };
}
