// Persistent NameIDs (saml-core §8.3.7), written once for both engines.
import type { Sql } from './dialect.js';
import type { PersistentNameIdRepository } from './types.js';

export function persistentNameIds({ db, dialect }: Sql): PersistentNameIdRepository {
  const read = async (applicationId: string, userId: string) =>
    (
      await db
        .selectFrom('persistent_name_ids')
        .select('value')
        .where('application_id', '=', applicationId)
        .where('user_id', '=', userId)
        .executeTakeFirst()
    )?.value;
  return {
    get: read,
    async getOrCreate(applicationId, userId, candidate, now) {
      // INSERT … ON CONFLICT DO NOTHING on the (application, user) key: the first writer's value stays.
      await db
        .insertInto('persistent_name_ids')
        .values({ application_id: applicationId, user_id: userId, value: candidate, created_at: dialect.toDbDate(now) })
        .onConflict((oc) => oc.columns(['application_id', 'user_id']).doNothing())
        .execute();
      const value = await read(applicationId, userId);
      if (value === undefined) throw new Error('persistent NameID vanished while it was being created');
      return value;
    },
  };
}
