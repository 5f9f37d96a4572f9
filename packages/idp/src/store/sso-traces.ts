// Per-login SAML traces behind Directory Insights (http/admin/sso-trace-page.ts): the AuthnRequest as received,
// the SSO step chain's outcomes, the Response as sent and where it went. Written once for both engines; the
// expiry sweep deletes traces older than IDP_TRACE_RETENTION_DAYS in batches (expiry-sweep.ts).
import { type RowOf, snakeColumns, table } from '@samlbridge/web';
import type { Sql } from './dialect.js';

/** One step of the SSO chain (http/sso/index.ts) as it ended. */
export interface SsoTraceStep {
  step: string;
  /** passed: called the next step; failed: threw; ended: answered by itself (the Response, or the login form). */
  outcome: 'passed' | 'failed' | 'ended';
  /** The error code of a failed step (sso-errors.ts). */
  code?: string;
  /** What the step found, in words (a failure's message, the request signature's verdict, …). */
  note?: string;
}

export interface SsoTraceRequest {
  /** The decoded AuthnRequest XML exactly as received (null: IdP-initiated). */
  xml: string | null;
  id: string | null;
  binding: 'redirect' | 'post' | null;
  /** The request signature check's verdict, in words. */
  signature: string | null;
}

export interface SsoTraceResponse {
  /** The Response XML as sent (an EncryptedAssertion stays encrypted). */
  xml: string;
  acsUrl: string;
  binding: string;
}

export interface SsoTrace {
  id: string;
  at: Date;
  application: string | null;
  initiatedBy: 'idp' | 'sp';
  user: string | null;
  /** The parked login flow this trace continues after /login (null once it is not waiting). */
  loginFlowId: string | null;
  outcome: 'success' | 'failure' | 'pending';
  reason: string | null;
  request: SsoTraceRequest;
  steps: SsoTraceStep[];
  response: SsoTraceResponse | null;
}

export const SSO_TRACES_TABLE = { name: 'sso_traces', key: 'id', time: 'at' } as const;

const COLUMNS = snakeColumns<SsoTrace>()(
  {
    text: ['id', 'application', 'initiatedBy', 'loginFlowId', 'outcome', 'reason'],
    date: ['at'],
    json: ['request', 'steps'],
    'json?': ['response'],
  },
  {
    user: 'user_name',
  },
);
/** Per-login SAML traces. */
export type SsoTracesTable = RowOf<SsoTrace, typeof COLUMNS>;

export function ssoTraces({ db, dialect }: Sql) {
  const t = table<SsoTrace, SsoTracesTable>(db, dialect, SSO_TRACES_TABLE.name, COLUMNS);
  return {
    insert: (trace: SsoTrace) => t.insert(trace),
    /** Several in one statement (group-commit.ts). */
    insertMany: (traces: readonly SsoTrace[]) => t.insertMany(traces),
    async update(trace: SsoTrace) {
      const { id, ...row } = t.toRow(trace);
      await db.updateTable('sso_traces').set(row).where('id', '=', id).execute();
    },
    get: (id: string) => t.find({ id }),
    findByLoginFlow: (loginFlowId: string) => t.find({ login_flow_id: loginFlowId }),
  };
}
