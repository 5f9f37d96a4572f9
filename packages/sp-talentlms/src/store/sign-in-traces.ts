// The sign-in traces behind the admin's sign-in log. Times are ISO-8601 text on both engines (they sort as time);
// the sweep deletes expired traces a batch at a time, so one sweep never holds the table for long.
import type { Kysely, Selectable } from 'kysely';
import type { Database, SignInTracesTable } from './database.js';
import type { SignInTrace, SignInTraceRepo } from './types.js';

function toTrace(r: Selectable<SignInTracesTable>): SignInTrace {
  return {
    id: r.id,
    tenant: r.tenant,
    at: new Date(r.at),
    expiresAt: new Date(r.expires_at),
    success: Number(r.success) === 1,
    reason: r.reason,
    user: r.user_login,
    acsUrl: r.acs_url,
    binding: r.binding,
    inResponseTo: r.in_response_to,
    checks: JSON.parse(r.checks) as SignInTrace['checks'],
    responseXml: r.response_xml,
    signed: r.signed === null ? null : (JSON.parse(r.signed) as SignInTrace['signed']),
  };
}

export function createSignInTraceRepo(db: Kysely<Database>): SignInTraceRepo {
  return {
    async add(t) {
      await db
        .insertInto('sign_in_traces')
        .values({
          id: t.id,
          tenant: t.tenant,
          at: t.at.toISOString(),
          expires_at: t.expiresAt.toISOString(),
          success: t.success ? 1 : 0,
          reason: t.reason,
          user_login: t.user,
          acs_url: t.acsUrl,
          binding: t.binding,
          in_response_to: t.inResponseTo,
          checks: JSON.stringify(t.checks),
          response_xml: t.responseXml,
          signed: t.signed === null ? null : JSON.stringify(t.signed),
        })
        .execute();
    },
    async list(tenant, { limit }) {
      const rows = await db
        .selectFrom('sign_in_traces')
        .selectAll()
        .where('tenant', '=', tenant)
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => {
        const { responseXml: _, ...rest } = toTrace({ ...r, response_xml: null });
        return rest;
      });
    },
    async get(tenant, id) {
      const row = await db.selectFrom('sign_in_traces').selectAll().where('tenant', '=', tenant).where('id', '=', id).executeTakeFirst();
      return row ? toTrace(row) : undefined;
    },
    async sweep(now, { batch }) {
      const ids = await db
        .selectFrom('sign_in_traces')
        .select('id')
        .where('expires_at', '<=', now.toISOString())
        .orderBy('expires_at')
        .limit(batch)
        .execute();
      if (ids.length === 0) return 0;
      const res = await db
        .deleteFrom('sign_in_traces')
        .where(
          'id',
          'in',
          ids.map((r) => r.id),
        )
        .executeTakeFirst();
      return Number(res.numDeletedRows);
    },
  };
}
