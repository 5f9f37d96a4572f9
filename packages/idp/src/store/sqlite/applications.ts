import type { SqliteDatabase } from '@samlbridge/web';
import type { Application } from '../../domain.js';
import type { ApplicationPatch, ApplicationRepository } from '../types.js';
import { date, guarded, iso } from './util.js';

interface Row {
  id: string;
  name: string;
  display_label: string;
  description: string;
  idp_entity_id: string | null;
  sp_entity_id: string;
  acs_urls: string;
  default_relay_state: string;
  name_id_source: Application['nameIdSource'];
  name_id_format: string;
  signing: Application['signing'];
  signature_algorithm: Application['signatureAlgorithm'];
  attribute_names: string;
  sso_active: number;
  created_at: string;
  updated_at: string;
}

function toApp(r: Row): Application {
  return {
    id: r.id,
    name: r.name,
    displayLabel: r.display_label,
    description: r.description,
    idpEntityIdOverride: r.idp_entity_id,
    spEntityId: r.sp_entity_id,
    acsUrls: JSON.parse(r.acs_urls) as string[],
    defaultRelayState: r.default_relay_state,
    nameIdSource: r.name_id_source,
    nameIdFormat: r.name_id_format,
    signing: r.signing,
    signatureAlgorithm: r.signature_algorithm,
    attributeNames: JSON.parse(r.attribute_names) as Application['attributeNames'],
    ssoActive: r.sso_active === 1,
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
  };
}

/** Column and stored value of each editable field. */
const COLUMNS: { [K in keyof Required<ApplicationPatch>]: [string, (v: NonNullable<ApplicationPatch[K]> | null) => unknown] } = {
  displayLabel: ['display_label', (v) => v],
  description: ['description', (v) => v],
  idpEntityIdOverride: ['idp_entity_id', (v) => v],
  spEntityId: ['sp_entity_id', (v) => v],
  acsUrls: ['acs_urls', (v) => JSON.stringify(v)],
  defaultRelayState: ['default_relay_state', (v) => v],
  nameIdSource: ['name_id_source', (v) => v],
  nameIdFormat: ['name_id_format', (v) => v],
  signing: ['signing', (v) => v],
  signatureAlgorithm: ['signature_algorithm', (v) => v],
  attributeNames: ['attribute_names', (v) => JSON.stringify(v)],
  ssoActive: ['sso_active', (v) => (v ? 1 : 0)],
};

export function sqliteApplications(db: SqliteDatabase): ApplicationRepository {
  const byId = db.prepare<[string], Row>('SELECT * FROM applications WHERE id = ?');
  return {
    async insert(a) {
      guarded(() =>
        db
          .prepare(
            `INSERT INTO applications (id, name, display_label, description, idp_entity_id, sp_entity_id, acs_urls, default_relay_state,
               name_id_source, name_id_format, signing, signature_algorithm, attribute_names, sso_active, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            a.id,
            a.name,
            a.displayLabel,
            a.description,
            a.idpEntityIdOverride,
            a.spEntityId,
            JSON.stringify(a.acsUrls),
            a.defaultRelayState,
            a.nameIdSource,
            a.nameIdFormat,
            a.signing,
            a.signatureAlgorithm,
            JSON.stringify(a.attributeNames),
            a.ssoActive ? 1 : 0,
            iso(a.createdAt),
            iso(a.updatedAt),
          ),
      );
    },
    async update(id, patch, updatedAt) {
      const sets: string[] = [];
      const values: unknown[] = [];
      for (const [field, value] of Object.entries(patch)) {
        const column = COLUMNS[field as keyof ApplicationPatch];
        if (!column || value === undefined) continue;
        sets.push(`${column[0]} = ?`);
        values.push((column[1] as (v: unknown) => unknown)(value));
      }
      sets.push('updated_at = ?');
      values.push(iso(updatedAt));
      const result = guarded(() => db.prepare(`UPDATE applications SET ${sets.join(', ')} WHERE id = ?`).run(...values, id));
      if (result.changes === 0) return undefined;
      const row = byId.get(id);
      return row && toApp(row);
    },
    async delete(id) {
      return db.prepare('DELETE FROM applications WHERE id = ?').run(id).changes > 0;
    },
    async get(id) {
      const row = byId.get(id);
      return row && toApp(row);
    },
    async findByName(name) {
      const row = db.prepare<[string], Row>('SELECT * FROM applications WHERE name = ?').get(name);
      return row && toApp(row);
    },
    async list({ limit, offset }) {
      const rows = db.prepare<[number, number], Row>('SELECT * FROM applications ORDER BY name LIMIT ? OFFSET ?').all(limit, offset);
      const total = (db.prepare('SELECT COUNT(*) AS n FROM applications').get() as { n: number }).n;
      return { items: rows.map(toApp), total, limit, offset };
    },
    async bindGroup(applicationId, groupId) {
      db.prepare(
        `INSERT INTO group_bindings (group_id, application_id) SELECT ?, ?
         WHERE NOT EXISTS (SELECT 1 FROM group_bindings WHERE group_id = ? AND application_id = ?)`,
      ).run(groupId, applicationId, groupId, applicationId);
    },
    async unbindGroup(applicationId, groupId) {
      return db.prepare('DELETE FROM group_bindings WHERE group_id = ? AND application_id = ?').run(groupId, applicationId).changes > 0;
    },
    async listBoundGroupIds(applicationId) {
      return db
        .prepare<[string], { group_id: string }>('SELECT group_id FROM group_bindings WHERE application_id = ? ORDER BY group_id')
        .all(applicationId)
        .map((r) => r.group_id);
    },
    async isUserBound(userId, applicationId) {
      const row = db
        .prepare(
          `SELECT 1 AS ok FROM group_bindings b JOIN group_members m ON m.group_id = b.group_id
           WHERE m.user_id = ? AND b.application_id = ? LIMIT 1`,
        )
        .get(userId, applicationId);
      return row !== undefined;
    },
    async listBoundToUser(userId) {
      return db
        .prepare<[string], Row>(
          `SELECT * FROM applications WHERE id IN (
             SELECT b.application_id FROM group_bindings b JOIN group_members m ON m.group_id = b.group_id WHERE m.user_id = ?)
           ORDER BY display_label, name`,
        )
        .all(userId)
        .map(toApp);
    },
  };
}
