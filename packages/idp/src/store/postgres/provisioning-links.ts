import { type PgQueryable, pgJson } from '@samlbridge/web';
import type { ProvisioningLink, ProvisioningLinkRepository } from '../provisioning-types.js';
import { C, changed, count } from './util.js';

interface LinkRow {
  application_id: string;
  kind: ProvisioningLink['kind'];
  local_id: string;
  remote_id: string | null;
  remote_name: string;
  state: ProvisioningLink['state'];
  remote_members: string[];
  last_action: string | null;
  last_success: boolean | null;
  last_status: number | null;
  last_error: string | null;
  last_attempt_at: Date | null;
}

const toLink = (r: LinkRow): ProvisioningLink => ({
  applicationId: r.application_id,
  kind: r.kind,
  localId: r.local_id,
  remoteId: r.remote_id,
  remoteName: r.remote_name,
  state: r.state,
  remoteMembers: r.remote_members,
  lastAction: r.last_action,
  lastSuccess: r.last_success,
  lastStatus: r.last_status,
  lastError: r.last_error,
  lastAttemptAt: r.last_attempt_at,
});

export function postgresProvisioningLinks(db: PgQueryable): ProvisioningLinkRepository {
  return {
    async get(applicationId, kind, localId) {
      const { rows } = await db.query<LinkRow>(
        'SELECT * FROM provisioning_links WHERE application_id = $1 AND kind = $2 AND local_id = $3',
        [applicationId, kind, localId],
      );
      return rows[0] && toLink(rows[0]);
    },
    async findByRemoteId(applicationId, kind, remoteId) {
      const { rows } = await db.query<LinkRow>(
        'SELECT * FROM provisioning_links WHERE application_id = $1 AND kind = $2 AND remote_id = $3 LIMIT 1',
        [applicationId, kind, remoteId],
      );
      return rows[0] && toLink(rows[0]);
    },
    async put(l) {
      await db.query(
        `INSERT INTO provisioning_links (application_id, kind, local_id, remote_id, remote_name, state, remote_members,
           last_action, last_success, last_status, last_error, last_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (application_id, kind, local_id) DO UPDATE SET
           remote_id = excluded.remote_id, remote_name = excluded.remote_name, state = excluded.state,
           remote_members = excluded.remote_members, last_action = excluded.last_action, last_success = excluded.last_success,
           last_status = excluded.last_status, last_error = excluded.last_error, last_attempt_at = excluded.last_attempt_at`,
        [
          l.applicationId,
          l.kind,
          l.localId,
          l.remoteId,
          l.remoteName,
          l.state,
          pgJson(l.remoteMembers),
          l.lastAction,
          l.lastSuccess,
          l.lastStatus,
          l.lastError,
          l.lastAttemptAt,
        ],
      );
    },
    delete: (applicationId, kind, localId) =>
      changed(db, 'DELETE FROM provisioning_links WHERE application_id = $1 AND kind = $2 AND local_id = $3', [
        applicationId,
        kind,
        localId,
      ]),
    async list(applicationId, kind, { limit, offset }) {
      const { rows } = await db.query<LinkRow>(
        `SELECT * FROM provisioning_links WHERE application_id = $1 AND kind = $2 ORDER BY remote_name ${C} LIMIT $3 OFFSET $4`,
        [applicationId, kind, limit, offset],
      );
      const total = await count(db, 'SELECT COUNT(*) AS n FROM provisioning_links WHERE application_id = $1 AND kind = $2', [
        applicationId,
        kind,
      ]);
      return { items: rows.map(toLink), total, limit, offset };
    },
  };
}
