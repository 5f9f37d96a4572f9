// Groups and their members, written once for both engines. Names are unique by the old key (NFC + lower-case).
import { type Columns, matchesPattern, pageOf, type RowOf, table } from '@samlbridge/web';
import type { Group } from '../domain.js';
import { guarded, key, type Sql } from './dialect.js';
import { links } from './links.js';
import type { GroupPatch, ListOptions } from './types.js';

const COLUMNS = { id: 'id', name: 'name', description: 'description', createdAt: ['created_at', 'date'] } as const satisfies Columns<Group>;
export interface UserGroupsTable extends RowOf<Group, typeof COLUMNS> {
  name_key: string;
}

export function groups(ctx: Sql) {
  const { db, dialect } = ctx;
  const t = table<Group, UserGroupsTable>(db, dialect, 'user_groups', COLUMNS);
  const members = links(ctx, 'group_members', 'group_id', 'user_id');
  return {
    insert: (g: Group) => guarded(ctx, () => t.insert(g, { name_key: key(g.name) })),
    get: (id: string) => t.find({ id }),
    findByName: (name: string) => t.find({ name_key: key(name) }),
    /** Rename / re-describe; returns the updated group (undefined when absent). Name stays unique case-insensitively (409). */
    async update(id: string, { name, description }: GroupPatch) {
      if (name === undefined && description === undefined) return t.find({ id });
      return guarded(ctx, () => t.update({ id }, { name, description }, name === undefined ? {} : { name_key: key(name) }));
    },
    delete: async (id: string) => (await t.delete({ id })) > 0,
    async list({ search, ...page }: ListOptions) {
      let query = db.selectFrom('user_groups');
      if (search) query = query.where(matchesPattern('name_key', search));
      return pageOf(query, (q) => q.orderBy(dialect.binary('name_key')), t.fromRow, page);
    },
    addMember: (groupId: string, userId: string) => members.add(groupId, userId),
    removeMember: (groupId: string, userId: string) => members.remove(groupId, userId),
    listMemberIds: (groupId: string) => members.rightsOf(groupId),
    listGroupIdsOfUser: (userId: string) => members.leftsOf(userId),
  };
}
