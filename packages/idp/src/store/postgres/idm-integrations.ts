import type { PgQueryable } from '@samlbridge/web';
import type { IdmIntegration, IdmIntegrationRepository } from '../provisioning-types.js';
import { C, changed } from './util.js';

interface IntegrationRow {
  application_id: string;
  base_url: string;
  token_ciphertext: string;
  active: boolean;
  delete_on_idp_delete: boolean;
  import_schedule: IdmIntegration['importSchedule'];
  last_import_at: Date | null;
  verified_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const toIntegration = (r: IntegrationRow): IdmIntegration => ({
  applicationId: r.application_id,
  baseUrl: r.base_url,
  tokenCiphertext: r.token_ciphertext,
  active: r.active,
  deleteOnIdpDelete: r.delete_on_idp_delete,
  importSchedule: r.import_schedule,
  lastImportAt: r.last_import_at,
  verifiedAt: r.verified_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function postgresIdmIntegrations(db: PgQueryable): IdmIntegrationRepository {
  return {
    async get(applicationId) {
      const { rows } = await db.query<IntegrationRow>('SELECT * FROM idm_integrations WHERE application_id = $1', [applicationId]);
      return rows[0] && toIntegration(rows[0]);
    },
    async put(i) {
      await db.query(
        `INSERT INTO idm_integrations (application_id, base_url, token_ciphertext, active, delete_on_idp_delete, import_schedule,
           last_import_at, verified_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (application_id) DO UPDATE SET
           base_url = excluded.base_url, token_ciphertext = excluded.token_ciphertext, active = excluded.active,
           delete_on_idp_delete = excluded.delete_on_idp_delete, import_schedule = excluded.import_schedule,
           last_import_at = excluded.last_import_at, verified_at = excluded.verified_at, updated_at = excluded.updated_at`,
        [
          i.applicationId,
          i.baseUrl,
          i.tokenCiphertext,
          i.active,
          i.deleteOnIdpDelete,
          i.importSchedule,
          i.lastImportAt,
          i.verifiedAt,
          i.createdAt,
          i.updatedAt,
        ],
      );
    },
    delete: (applicationId) => changed(db, 'DELETE FROM idm_integrations WHERE application_id = $1', [applicationId]),
    async listActive() {
      const { rows } = await db.query<IntegrationRow>(`SELECT * FROM idm_integrations WHERE active ORDER BY application_id ${C}`);
      return rows.map(toIntegration);
    },
  };
}
