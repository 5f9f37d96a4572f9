// The sign-in traces behind the admin's sign-in log. Times are ISO-8601 text on both engines (they sort as time);
// the sweep deletes expired traces a batch at a time, so one sweep never holds the table for long.
import { type Columns, type CustomCodec, type RowOf, type SqlDialect, table } from '@samlbridge/web';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import type { SignInTrace } from './types.js';

// Stored alike on both engines: ISO-8601 text ('iso'), 0 / 1, JSON text.
const zeroOrOne: CustomCodec<number> = { to: (v) => (v ? 1 : 0), from: (v) => Number(v) === 1 };
const jsonText: CustomCodec<string> = { to: (v) => JSON.stringify(v), from: (v) => JSON.parse(v) };
const jsonTextOrNull: CustomCodec<string | null> = {
  to: (v) => (v === null ? null : JSON.stringify(v)),
  from: (v) => (v === null ? null : JSON.parse(v)),
};

const COLUMNS = {
  id: 'id',
  tenant: 'tenant',
  at: ['at', 'iso'],
  expiresAt: ['expires_at', 'iso'],
  success: ['success', zeroOrOne],
  reason: 'reason',
  user: 'user_login',
  acsUrl: 'acs_url',
  binding: 'binding',
  inResponseTo: 'in_response_to',
  /** The verifier's checks (ResponseCheck[]). */
  checks: ['checks', jsonText],
  /** The Response as received, decoded from base64; null when none was posted. */
  responseXml: 'response_xml',
  /** Which parts were signed, whether the assertion was encrypted (null when refused before). */
  signed: ['signed', jsonTextOrNull],
} as const satisfies Columns<SignInTrace>;
/** One ACS sign-in, kept for the admin's sign-in log until expires_at. */
export type SignInTracesTable = RowOf<SignInTrace, typeof COLUMNS>;

export function createSignInTraceRepo(db: Kysely<Database>, d: SqlDialect) {
  const t = table<SignInTrace, SignInTracesTable>(db, d, 'sign_in_traces', COLUMNS);
  return {
    add: (trace: SignInTrace) => t.insert(trace),
    /** Newest first, without the Response (the list page). */
    async list(tenant: string, { limit }: { limit: number }): Promise<Omit<SignInTrace, 'responseXml'>[]> {
      const rows = await db
        .selectFrom('sign_in_traces')
        .selectAll()
        .where('tenant', '=', tenant)
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => {
        const { responseXml: _, ...rest } = t.fromRow({ ...r, response_xml: null });
        return rest;
      });
    },
    get: (tenant: string, id: string) => t.find({ tenant, id }),
    /** Deletes up to `batch` traces whose expiry has passed; returns how many. */
    async sweep(now: Date, { batch }: { batch: number }) {
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
