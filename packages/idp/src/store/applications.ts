// Applications and their group bindings, written once for both engines.
import { containsIgnoringCase, type DbJson, pageOf, type RowOf, snakeColumns, table } from '@samlbridge/web';
import type { Application, AttributeMapping, UserField } from '../domain.js';
import { guarded, type Sql } from './dialect.js';
import { links } from './links.js';
import type { ApplicationPatch, ListOptions } from './types.js';

/** The list of mappings, or (schema 1) the object `{username: "Username", …}` of attribute names. */
function readAttributes(value: AttributeMapping[] | Record<string, string>): AttributeMapping[] {
  if (Array.isArray(value)) return value;
  return Object.entries(value).map(([source, name]) => ({ name, source: source as UserField }));
}

const COLUMNS = snakeColumns<Application>()(
  {
    text: [
      'id',
      'kind',
      'catalogId',
      'name',
      'displayLabel',
      'description',
      'spEntityId',
      'defaultRelayState',
      'nameIdSource',
      'nameIdFormat',
      'signing',
      'signatureAlgorithm',
      'groupAttribute',
      'bookmarkUrl',
      'image',
    ],
    date: ['createdAt', 'updatedAt'],
    bool: ['showInConsole', 'ssoActive'],
    json: ['acsUrls'],
  },
  {
    idpEntityIdOverride: 'idp_entity_id',
    attributes: [
      'attributes',
      {
        to: (v, d) => d.toDbJson(v),
        from: (v, d) => readAttributes(d.fromDbJson<AttributeMapping[] | Record<string, string>>(v as string)),
      },
    ],
  },
);
export interface ApplicationsTable extends Omit<RowOf<Application, typeof COLUMNS>, 'attributes'> {
  /** The list of mappings, or (schema 1) the object `{username: "Username", …}` of attribute names. */
  attributes: DbJson<AttributeMapping[] | Record<string, string>>;
}

export function applications(ctx: Sql) {
  const { db, dialect } = ctx;
  const t = table<Application, ApplicationsTable>(db, dialect, 'applications', COLUMNS);
  const bindings = links(ctx, 'group_bindings', 'group_id', 'application_id');
  return {
    insert: (a: Application) => guarded(ctx, () => t.insert(a)),
    update: (id: string, patch: ApplicationPatch, updatedAt: Date) => guarded(ctx, () => t.update({ id }, { ...patch, updatedAt })),
    delete: async (id: string) => (await t.delete({ id })) > 0,
    get: (id: string) => t.find({ id }),
    findByName: (name: string) => t.find({ name }),
    async list({ search, ...page }: ListOptions) {
      let query = db.selectFrom('applications');
      if (search) query = query.where((eb) => eb.or([containsIgnoringCase('display_label', search), containsIgnoringCase('name', search)]));
      return pageOf(query, (q) => q.orderBy(dialect.binary('name')), t.fromRow, page);
    },
    bindGroup: (applicationId: string, groupId: string) => bindings.add(groupId, applicationId),
    unbindGroup: (applicationId: string, groupId: string) => bindings.remove(groupId, applicationId),
    /** Applications a group is bound to (the group panel's "Applications" tab). */
    listBoundApplicationIds: (groupId: string) => bindings.rightsOf(groupId),
    listBoundGroupIds: (applicationId: string) => bindings.leftsOf(applicationId),
    /** True when the user is a member of at least one group bound to the application. */
    async isUserBound(userId: string, applicationId: string) {
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
    /** Applications bound (through a group) to the user, ordered by display label. */
    async listBoundToUser(userId: string) {
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
      return rows.map(t.fromRow);
    },
  };
}
