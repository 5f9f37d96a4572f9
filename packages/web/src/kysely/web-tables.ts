// The tables web's stores keep in every app's database: `sessions` and `login_throttle`.
import type { DbJson, DbTimestamp, DbTimestampOrNull } from './column-types.js';

export interface SessionsTable {
  id_hash: string;
  data: DbJson<Record<string, unknown>>;
  expires_at: DbTimestamp;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_start: DbTimestamp;
  locked_until: DbTimestampOrNull;
}

/** Extend an app's `Database` interface with these. */
export interface WebTables {
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
}
