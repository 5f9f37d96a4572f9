// Persistent NameIDs (saml-core §8.3.7: the opaque, stable, never reused NameID of a user at one application),
// written once for both engines.
import type { Sql } from './dialect.js';

export function persistentNameIds({ db, dialect }: Sql) {
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
    /**
     * The stored value, or `candidate` stored now when there is none (atomic: two instances racing both get the one
     * value that won). `candidate` must be fresh randomness.
     */
    async getOrCreate(applicationId: string, userId: string, candidate: string, now: Date) {
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
