import { type PgQueryable, pgJson } from '@samlbridge/web';
import type { Application } from '../../domain.js';
import { containsPattern, LIKE_ESCAPE_SQL } from '../like.js';
import type { ApplicationPatch, ApplicationRepository } from '../types.js';
import { C, count, guarded, setClause } from './util.js';

interface Row {
  id: string;
  kind: Application['kind'];
  catalog_id: string;
  name: string;
  display_label: string;
  description: string;
  idp_entity_id: string | null;
  sp_entity_id: string;
  acs_urls: string[];
  default_relay_state: string;
  name_id_source: Application['nameIdSource'];
  name_id_format: string;
  signing: Application['signing'];
  signature_algorithm: Application['signatureAlgorithm'];
  attributes: Application['attributes'];
  group_attribute: string | null;
  bookmark_url: string | null;
  image: string | null;
  show_in_console: boolean;
  sso_active: boolean;
  created_at: Date;
  updated_at: Date;
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
    acsUrls: r.acs_urls,
    defaultRelayState: r.default_relay_state,
    nameIdSource: r.name_id_source,
    nameIdFormat: r.name_id_format,
    signing: r.signing,
    signatureAlgorithm: r.signature_algorithm,
    attributes: r.attributes,
    groupAttribute: r.group_attribute,
    bookmarkUrl: r.bookmark_url,
    image: r.image,
    showInConsole: r.show_in_console,
    ssoActive: r.sso_active,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const same = (v: unknown) => v;
/** Column and stored value of each field (insert uses every one; update the patched ones). */
const COLUMNS: { [K in keyof Required<ApplicationPatch>]: [string, (v: never) => unknown] } = {
  kind: ['kind', same],
  catalogId: ['catalog_id', same],
  displayLabel: ['display_label', same],
  description: ['description', same],
  idpEntityIdOverride: ['idp_entity_id', same],
  spEntityId: ['sp_entity_id', same],
  acsUrls: ['acs_urls', pgJson],
  defaultRelayState: ['default_relay_state', same],
  nameIdSource: ['name_id_source', same],
  nameIdFormat: ['name_id_format', same],
  signing: ['signing', same],
  signatureAlgorithm: ['signature_algorithm', same],
  attributes: ['attributes', pgJson],
  groupAttribute: ['group_attribute', same],
  bookmarkUrl: ['bookmark_url', same],
  image: ['image', same],
  showInConsole: ['show_in_console', same],
  ssoActive: ['sso_active', same],
};

export function postgresApplications(db: PgQueryable): ApplicationRepository {
  return {
    async insert(a) {
      const names = ['id', 'name', 'created_at', 'updated_at'];
      const values: unknown[] = [a.id, a.name, a.createdAt, a.updatedAt];
      for (const [field, [column, store]] of Object.entries(COLUMNS)) {
        names.push(column);
        values.push((store as (v: unknown) => unknown)(a[field as keyof Application] ?? null));
      }
      const params = values.map((_, i) => `$${i + 1}`).join(', ');
      await guarded(() => db.query(`INSERT INTO applications (${names.join(', ')}) VALUES (${params})`, values));
    },
    async update(id, patch, updatedAt) {
      const values: unknown[] = [];
      const sets = setClause(patch, COLUMNS, values);
      values.push(updatedAt);
      sets.push(`updated_at = $${values.length}`);
      values.push(id);
      const { rows } = await guarded(() =>
        db.query<Row>(`UPDATE applications SET ${sets.join(', ')} WHERE id = $${values.length} RETURNING *`, values),
      );
      return rows[0] && toApp(rows[0]);
    },
    async delete(id) {
      return ((await db.query('DELETE FROM applications WHERE id = $1', [id])).rowCount ?? 0) > 0;
    },
    async get(id) {
      const { rows } = await db.query<Row>('SELECT * FROM applications WHERE id = $1', [id]);
      return rows[0] && toApp(rows[0]);
    },
    async findByName(name) {
      const { rows } = await db.query<Row>('SELECT * FROM applications WHERE name = $1', [name]);
      return rows[0] && toApp(rows[0]);
    },
    async list({ limit, offset, search }) {
      const where = search ? `WHERE lower(display_label) LIKE $1 ${LIKE_ESCAPE_SQL} OR lower(name) LIKE $1 ${LIKE_ESCAPE_SQL}` : '';
      const params = search ? [containsPattern(search)] : [];
      const n = params.length;
      const { rows } = await db.query<Row>(`SELECT * FROM applications ${where} ORDER BY name ${C} LIMIT $${n + 1} OFFSET $${n + 2}`, [
        ...params,
        limit,
        offset,
      ]);
      const total = await count(db, `SELECT COUNT(*) AS n FROM applications ${where}`, params);
      return { items: rows.map(toApp), total, limit, offset };
    },
    async bindGroup(applicationId, groupId) {
      await db.query('INSERT INTO group_bindings (group_id, application_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        groupId,
        applicationId,
      ]);
    },
    async unbindGroup(applicationId, groupId) {
      const result = await db.query('DELETE FROM group_bindings WHERE group_id = $1 AND application_id = $2', [groupId, applicationId]);
      return (result.rowCount ?? 0) > 0;
    },
    async listBoundGroupIds(applicationId) {
      const { rows } = await db.query<{ group_id: string }>(
        `SELECT group_id FROM group_bindings WHERE application_id = $1 ORDER BY group_id ${C}`,
        [applicationId],
      );
      return rows.map((r) => r.group_id);
    },
    async listBoundApplicationIds(groupId) {
      const { rows } = await db.query<{ application_id: string }>(
        `SELECT application_id FROM group_bindings WHERE group_id = $1 ORDER BY application_id ${C}`,
        [groupId],
      );
      return rows.map((r) => r.application_id);
    },
    async isUserBound(userId, applicationId) {
      const { rows } = await db.query(
        `SELECT 1 FROM group_bindings b JOIN group_members m ON m.group_id = b.group_id
         WHERE m.user_id = $1 AND b.application_id = $2 LIMIT 1`,
        [userId, applicationId],
      );
      return rows.length > 0;
    },
    async listBoundToUser(userId) {
      const { rows } = await db.query<Row>(
        `SELECT * FROM applications WHERE id IN (
           SELECT b.application_id FROM group_bindings b JOIN group_members m ON m.group_id = b.group_id WHERE m.user_id = $1)
         ORDER BY display_label ${C}, name ${C}`,
        [userId],
      );
      return rows.map(toApp);
    },
  };
}
