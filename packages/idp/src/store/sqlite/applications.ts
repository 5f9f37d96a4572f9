import type { SqliteDatabase } from '@samlbridge/web';
import type { Application, AttributeMapping, UserField } from '../../domain.js';
import { containsPattern, LIKE_ESCAPE_SQL } from '../like.js';
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
  kind: Application['kind'];
  catalog_id: string;
  group_attribute: string | null;
  bookmark_url: string | null;
  image: string | null;
  show_in_console: number;
  created_at: string;
  updated_at: string;
}

/** The list of mappings, or (schema 1) the object `{username: "Username", …}` of attribute names. */
function readAttributes(json: string): AttributeMapping[] {
  const value = JSON.parse(json) as AttributeMapping[] | Record<string, string>;
  if (Array.isArray(value)) return value;
  return Object.entries(value).map(([source, name]) => ({ name, source: source as UserField }));
}

function toApp(r: Row): Application {
  return {
    id: r.id,
    kind: r.kind,
    catalogId: r.catalog_id,
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
    attributes: readAttributes(r.attribute_names),
    groupAttribute: r.group_attribute,
    bookmarkUrl: r.bookmark_url,
    image: r.image,
    showInConsole: r.show_in_console === 1,
    ssoActive: r.sso_active === 1,
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
  };
}

/** Column and stored value of each editable field. */
const COLUMNS: { [K in keyof Required<ApplicationPatch>]: [string, (v: NonNullable<ApplicationPatch[K]> | null) => unknown] } = {
  kind: ['kind', (v) => v],
  catalogId: ['catalog_id', (v) => v],
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
  attributes: ['attribute_names', (v) => JSON.stringify(v)],
  groupAttribute: ['group_attribute', (v) => v],
  bookmarkUrl: ['bookmark_url', (v) => v],
  image: ['image', (v) => v],
  showInConsole: ['show_in_console', (v) => (v ? 1 : 0)],
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
               name_id_source, name_id_format, signing, signature_algorithm, attribute_names, sso_active, created_at, updated_at,
               kind, catalog_id, group_attribute, bookmark_url, image, show_in_console)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
            JSON.stringify(a.attributes),
            a.ssoActive ? 1 : 0,
            iso(a.createdAt),
            iso(a.updatedAt),
            a.kind,
            a.catalogId,
            a.groupAttribute,
            a.bookmarkUrl,
            a.image,
            a.showInConsole ? 1 : 0,
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
    async list({ limit, offset, search }) {
      const where = search ? `WHERE lower(display_label) LIKE ? ${LIKE_ESCAPE_SQL} OR lower(name) LIKE ? ${LIKE_ESCAPE_SQL}` : '';
      const params = search ? [containsPattern(search), containsPattern(search)] : [];
      const rows = db
        .prepare<unknown[], Row>(`SELECT * FROM applications ${where} ORDER BY name LIMIT ? OFFSET ?`)
        .all(...params, limit, offset);
      const total = (
        db.prepare<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM applications ${where}`).get(...params) as { n: number }
      ).n;
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
    async listBoundApplicationIds(groupId) {
      return db
        .prepare<[string], { application_id: string }>(
          'SELECT application_id FROM group_bindings WHERE group_id = ? ORDER BY application_id',
        )
        .all(groupId)
        .map((r) => r.application_id);
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
