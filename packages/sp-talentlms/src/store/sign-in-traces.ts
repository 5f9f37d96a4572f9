// The sign-in traces behind the admin's sign-in log. Times are ISO-8601 text on both engines (they sort as time);
// the sweep deletes expired traces a batch at a time, so one sweep never holds the table for long.
import {
  type CustomCodec,
  deleteExpiredBatch,
  JSON_TEXT,
  JSON_TEXT_OR_NULL,
  type RowOf,
  type SqlDialect,
  snakeColumns,
  table,
} from '@samlbridge/web';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import type { SignInTrace } from './types.js';

// Stored alike on both engines: ISO-8601 text ('iso'), 0 / 1, JSON text.
const zeroOrOne: CustomCodec<number> = { to: (v) => (v ? 1 : 0), from: (v) => Number(v) === 1 };

// `responseXml`: The Response as received, decoded from base64; null when none was posted.
const COLUMNS = snakeColumns<SignInTrace>()(
  {
    text: ['id', 'tenant', 'reason', 'acsUrl', 'binding', 'inResponseTo', 'responseXml'],
    iso: ['at', 'expiresAt'],
  },
  {
    success: ['success', zeroOrOne],
    user: 'user_login',
    /** The verifier's checks (ResponseCheck[]). */
    checks: ['checks', JSON_TEXT],
    /** Which parts were signed, whether the assertion was encrypted (null when refused before). */
    signed: ['signed', JSON_TEXT_OR_NULL],
  },
);
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
    sweep: (now: Date, { batch }: { batch: number }) => deleteExpiredBatch(db, 'sign_in_traces', ['id'], now, batch),
  };
}
