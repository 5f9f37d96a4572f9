// Applications and their group bindings, written once for both engines.
import { affected, containsIgnoringCase } from '@samlbridge/web';
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Application, AttributeMapping, UserField } from '../domain.js';
import type { ApplicationsTable } from './database.js';
import { guarded, type Sql } from './dialect.js';
import type { ApplicationPatch, ApplicationRepository } from './types.js';

/** The list of mappings, or (schema 1) the object `{username: "Username", …}` of attribute names. */
function readAttributes(value: AttributeMapping[] | Record<string, string>): AttributeMapping[] {
  if (Array.isArray(value)) return value;
  return Object.entries(value).map(([source, name]) => ({ name, source: source as UserField }));
}

export function applications(ctx: Sql): ApplicationRepository {
  const { db, dialect } = ctx;
  const toApp = (r: Selectable<ApplicationsTable>): Application => ({
    id: r.id,
    kind: r.kind,
    catalogId: r.catalog_id,
    name: r.name,
    displayLabel: r.display_label,
    description: r.description,
    idpEntityIdOverride: r.idp_entity_id,
    spEntityId: r.sp_entity_id,
    acsUrls: dialect.fromDbJson(r.acs_urls),
    defaultRelayState: r.default_relay_state,
    nameIdSource: r.name_id_source,
    nameIdFormat: r.name_id_format,
    signing: r.signing,
    signatureAlgorithm: r.signature_algorithm,
    attributes: readAttributes(dialect.fromDbJson(r.attributes)),
    groupAttribute: r.group_attribute,
    bookmarkUrl: r.bookmark_url,
    image: r.image,
    showInConsole: dialect.fromDbBool(r.show_in_console),
    ssoActive: dialect.fromDbBool(r.sso_active),
    createdAt: dialect.fromDbDate(r.created_at),
    updatedAt: dialect.fromDbDate(r.updated_at),
  });
  /** The stored columns of the editable fields present in `patch`. */
  const columns = (p: ApplicationPatch): Updateable<ApplicationsTable> => {
    const c: Updateable<ApplicationsTable> = {};
    if (p.kind !== undefined) c.kind = p.kind;
    if (p.catalogId !== undefined) c.catalog_id = p.catalogId;
    if (p.displayLabel !== undefined) c.display_label = p.displayLabel;
    if (p.description !== undefined) c.description = p.description;
    if (p.idpEntityIdOverride !== undefined) c.idp_entity_id = p.idpEntityIdOverride;
    if (p.spEntityId !== undefined) c.sp_entity_id = p.spEntityId;
    if (p.acsUrls !== undefined) c.acs_urls = dialect.toDbJson(p.acsUrls);
    if (p.defaultRelayState !== undefined) c.default_relay_state = p.defaultRelayState;
    if (p.nameIdSource !== undefined) c.name_id_source = p.nameIdSource;
    if (p.nameIdFormat !== undefined) c.name_id_format = p.nameIdFormat;
    if (p.signing !== undefined) c.signing = p.signing;
    if (p.signatureAlgorithm !== undefined) c.signature_algorithm = p.signatureAlgorithm;
    if (p.attributes !== undefined) c.attributes = dialect.toDbJson(p.attributes);
    if (p.groupAttribute !== undefined) c.group_attribute = p.groupAttribute;
    if (p.bookmarkUrl !== undefined) c.bookmark_url = p.bookmarkUrl;
    if (p.image !== undefined) c.image = p.image;
    if (p.showInConsole !== undefined) c.show_in_console = dialect.toDbBool(p.showInConsole);
    if (p.ssoActive !== undefined) c.sso_active = dialect.toDbBool(p.ssoActive);
    return c;
  };
  const byColumn = async (column: 'id' | 'name', value: string) => {
    const row = await db.selectFrom('applications').selectAll().where(column, '=', value).executeTakeFirst();
    return row && toApp(row);
  };
  return {
    async insert(a) {
      const { id: _id, name: _name, createdAt: _c, updatedAt: _u, ...fields } = a;
      const row = {
        ...columns(fields),
        id: a.id,
        name: a.name,
        created_at: dialect.toDbDate(a.createdAt),
        updated_at: dialect.toDbDate(a.updatedAt),
      } as Insertable<ApplicationsTable>;
      await guarded(ctx, () => db.insertInto('applications').values(row).execute());
    },
    async update(id, patch, updatedAt) {
      const row = await guarded(ctx, () =>
        db
          .updateTable('applications')
          .set({ ...columns(patch), updated_at: dialect.toDbDate(updatedAt) })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst(),
      );
      return row && toApp(row);
    },
    async delete(id) {
      return affected(await db.deleteFrom('applications').where('id', '=', id).executeTakeFirstOrThrow()) > 0;
    },
    get: (id) => byColumn('id', id),
    findByName: (name) => byColumn('name', name),
    async list({ limit, offset, search }) {
      let query = db.selectFrom('applications');
      if (search) query = query.where((eb) => eb.or([containsIgnoringCase('display_label', search), containsIgnoringCase('name', search)]));
      const rows = await query.selectAll().orderBy(dialect.binary('name')).limit(limit).offset(offset).execute();
      const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return { items: rows.map(toApp), total: Number(total.n), limit, offset };
    },
    async bindGroup(applicationId, groupId) {
      await db
        .insertInto('group_bindings')
        .values({ group_id: groupId, application_id: applicationId })
        .onConflict((oc) => oc.doNothing())
        .execute();
    },
    async unbindGroup(applicationId, groupId) {
      const result = await db
        .deleteFrom('group_bindings')
        .where('group_id', '=', groupId)
        .where('application_id', '=', applicationId)
        .executeTakeFirstOrThrow();
      return affected(result) > 0;
    },
    async listBoundApplicationIds(groupId) {
      const rows = await db
        .selectFrom('group_bindings')
        .select('application_id')
        .where('group_id', '=', groupId)
        .orderBy(dialect.binary('application_id'))
        .execute();
      return rows.map((r) => r.application_id);
    },
    async listBoundGroupIds(applicationId) {
      const rows = await db
        .selectFrom('group_bindings')
        .select('group_id')
        .where('application_id', '=', applicationId)
        .orderBy(dialect.binary('group_id'))
        .execute();
      return rows.map((r) => r.group_id);
    },
    async isUserBound(userId, applicationId) {
      const row = await db
        .selectFrom('group_bindings as b')
        .innerJoin('group_members as m', 'm.group_id', 'b.group_id')
        .select('b.group_id')
        .where('m.user_id', '=', userId)
        .where('b.application_id', '=', applicationId)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
    async listBoundToUser(userId) {
      const rows = await db
        .selectFrom('applications')
        .selectAll()
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('group_bindings as b')
            .innerJoin('group_members as m', 'm.group_id', 'b.group_id')
            .select('b.application_id')
            .where('m.user_id', '=', userId),
        )
        .orderBy(dialect.binary('display_label'))
        .orderBy(dialect.binary('name'))
        .execute();
      return rows.map(toApp);
    },
  };
}
