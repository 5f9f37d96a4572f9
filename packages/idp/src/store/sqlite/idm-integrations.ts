import type { SqliteDatabase } from '@samlbridge/web';
import type { IdmIntegration, IdmIntegrationRepository, ImportSchedule } from '../provisioning-types.js';
import { date, iso } from './util.js';

interface Row {
  application_id: string;
  base_url: string;
  token_ciphertext: string;
  active: number;
  delete_on_idp_delete: number;
  import_schedule: ImportSchedule;
  last_import_at: string | null;
  verified_at: string | null;
  created_at: string;
  updated_at: string;
}

function toIntegration(r: Row): IdmIntegration {
  return {
    applicationId: r.application_id,
    baseUrl: r.base_url,
    tokenCiphertext: r.token_ciphertext,
    active: r.active === 1,
    deleteOnIdpDelete: r.delete_on_idp_delete === 1,
    importSchedule: r.import_schedule,
    lastImportAt: r.last_import_at === null ? null : date(r.last_import_at),
    verifiedAt: r.verified_at === null ? null : date(r.verified_at),
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
  };
}

const opt = (d: Date | null) => (d === null ? null : iso(d));

export function sqliteIdmIntegrations(db: SqliteDatabase): IdmIntegrationRepository {
  const upsert = db.prepare(
    `INSERT INTO idm_integrations (application_id, base_url, token_ciphertext, active, delete_on_idp_delete, import_schedule,
       last_import_at, verified_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (application_id) DO UPDATE SET
       base_url = excluded.base_url, token_ciphertext = excluded.token_ciphertext, active = excluded.active,
       delete_on_idp_delete = excluded.delete_on_idp_delete, import_schedule = excluded.import_schedule,
       last_import_at = excluded.last_import_at, verified_at = excluded.verified_at, updated_at = excluded.updated_at`,
  );
  return {
    async get(applicationId) {
      const row = db.prepare<[string], Row>('SELECT * FROM idm_integrations WHERE application_id = ?').get(applicationId);
      return row && toIntegration(row);
    },
    async put(i) {
      upsert.run(
        i.applicationId,
        i.baseUrl,
        i.tokenCiphertext,
        i.active ? 1 : 0,
        i.deleteOnIdpDelete ? 1 : 0,
        i.importSchedule,
        opt(i.lastImportAt),
        opt(i.verifiedAt),
        iso(i.createdAt),
        iso(i.updatedAt),
      );
    },
    async delete(applicationId) {
      return db.prepare('DELETE FROM idm_integrations WHERE application_id = ?').run(applicationId).changes > 0;
    },
    async listActive() {
      return db.prepare<[], Row>('SELECT * FROM idm_integrations WHERE active = 1').all().map(toIntegration);
    },
  };
}
