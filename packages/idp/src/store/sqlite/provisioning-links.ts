import type { SqliteDatabase } from '@samlbridge/web';
import type { LinkKind, LinkState, ProvisioningLink, ProvisioningLinkRepository } from '../provisioning-types.js';
import { date, iso } from './util.js';

interface Row {
  application_id: string;
  kind: LinkKind;
  local_id: string;
  remote_id: string | null;
  remote_name: string;
  state: LinkState;
  remote_members: string;
  last_action: string | null;
  last_success: number | null;
  last_status: number | null;
  last_error: string | null;
  last_attempt_at: string | null;
}

function toLink(r: Row): ProvisioningLink {
  return {
    applicationId: r.application_id,
    kind: r.kind,
    localId: r.local_id,
    remoteId: r.remote_id,
    remoteName: r.remote_name,
    state: r.state,
    remoteMembers: JSON.parse(r.remote_members) as string[],
    lastAction: r.last_action,
    lastSuccess: r.last_success === null ? null : r.last_success === 1,
    lastStatus: r.last_status,
    lastError: r.last_error,
    lastAttemptAt: r.last_attempt_at === null ? null : date(r.last_attempt_at),
  };
}

export function sqliteProvisioningLinks(db: SqliteDatabase): ProvisioningLinkRepository {
  const byKey = db.prepare<[string, string, string], Row>(
    'SELECT * FROM provisioning_links WHERE application_id = ? AND kind = ? AND local_id = ?',
  );
  const upsert = db.prepare(
    `INSERT INTO provisioning_links (application_id, kind, local_id, remote_id, remote_name, state, remote_members,
       last_action, last_success, last_status, last_error, last_attempt_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (application_id, kind, local_id) DO UPDATE SET
       remote_id = excluded.remote_id, remote_name = excluded.remote_name, state = excluded.state,
       remote_members = excluded.remote_members, last_action = excluded.last_action, last_success = excluded.last_success,
       last_status = excluded.last_status, last_error = excluded.last_error, last_attempt_at = excluded.last_attempt_at`,
  );
  return {
    async get(applicationId, kind, localId) {
      const row = byKey.get(applicationId, kind, localId);
      return row && toLink(row);
    },
    async findByRemoteId(applicationId, kind, remoteId) {
      const row = db
        .prepare<[string, string, string], Row>('SELECT * FROM provisioning_links WHERE application_id = ? AND kind = ? AND remote_id = ?')
        .get(applicationId, kind, remoteId);
      return row && toLink(row);
    },
    async put(l) {
      upsert.run(
        l.applicationId,
        l.kind,
        l.localId,
        l.remoteId,
        l.remoteName,
        l.state,
        JSON.stringify(l.remoteMembers),
        l.lastAction,
        l.lastSuccess === null ? null : l.lastSuccess ? 1 : 0,
        l.lastStatus,
        l.lastError,
        l.lastAttemptAt === null ? null : iso(l.lastAttemptAt),
      );
    },
    async delete(applicationId, kind, localId) {
      return (
        db
          .prepare('DELETE FROM provisioning_links WHERE application_id = ? AND kind = ? AND local_id = ?')
          .run(applicationId, kind, localId).changes > 0
      );
    },
    async list(applicationId, kind, { limit, offset }) {
      const rows = db
        .prepare<[string, string, number, number], Row>(
          'SELECT * FROM provisioning_links WHERE application_id = ? AND kind = ? ORDER BY remote_name LIMIT ? OFFSET ?',
        )
        .all(applicationId, kind, limit, offset);
      const total =
        db
          .prepare<[string, string], { n: number }>('SELECT COUNT(*) AS n FROM provisioning_links WHERE application_id = ? AND kind = ?')
          .get(applicationId, kind)?.n ?? 0;
      return { items: rows.map(toLink), total, limit, offset };
    },
  };
}
