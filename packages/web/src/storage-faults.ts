// A database that cannot be written (read-only file, full disk, lost PostgreSQL connection) is an outage of the
// instance, not a bug in a request: callers get 503 + Retry-After, and the log gets the first failure in full and
// then one line per interval with how many more there were (never a stack per request).
import type { Logger } from './logger.js';

/** SQLite result codes (sqlite.org/rescode.html) and PostgreSQL / socket conditions that mean "storage unavailable". */
const SQLITE_CODES = /^SQLITE_(READONLY|FULL|IOERR|CANTOPEN|BUSY|LOCKED|NOTADB|CORRUPT|PROTOCOL)/;
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENOSPC', 'EROFS']);
// PostgreSQL SQLSTATE classes 08 (connection exception), 53 (insufficient resources), 57P (operator intervention),
// 25006 (read-only transaction) — postgresql.org/docs/current/errcodes-appendix.html.
const PG_STATE = /^(08|53|57P|25006)/;
const PG_MESSAGES =
  /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect/i;

/** True when `err` (or its cause) says the database cannot be reached or written. */
export function isStorageFault(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (SQLITE_CODES.test(code) || SOCKET_CODES.has(code) || PG_STATE.test(code)) return true;
  if (typeof e.message === 'string' && PG_MESSAGES.test(e.message)) return true;
  return isStorageFault(e.cause, depth + 1);
}

/** Seconds a caller is asked to wait after a storage fault. */
export const STORAGE_RETRY_AFTER_SECONDS = 5;

export interface FaultLog {
  /** Logs the first fault in full, then counts; a summary line per interval while faults keep coming. */
  report(err: unknown, where: string): void;
}

const faultLogs = new WeakMap<Logger, FaultLog>();

/** One fault log per logger (one per app instance): the first failure with its stack, then a count per interval. */
export function storageFaultLog(logger: Logger, intervalMs = 60_000, now: () => number = Date.now): FaultLog {
  const known = faultLogs.get(logger);
  if (known) return known;
  let windowStart = 0;
  let lastFault = 0;
  let count = 0;
  const log: FaultLog = {
    report(err, where) {
      const t = now();
      const quietBefore = lastFault === 0 || t - lastFault >= intervalMs;
      lastFault = t;
      if (quietBefore) {
        // A new outage (or the first one): the whole error, once.
        logger.error({ err, reason: 'storage_unavailable', where }, 'the database cannot be used; answering 503 until it can');
        windowStart = t;
        count = 0;
        return;
      }
      count += 1;
      if (t - windowStart >= intervalMs) {
        logger.error({ reason: 'storage_unavailable', count, where }, 'storage faults continue (count since the last report)');
        windowStart = t;
        count = 0;
      }
    },
  };
  faultLogs.set(logger, log);
  return log;
}

/**
 * Why an app refuses to start on a database it cannot write, in words an operator can act on: its SQLite file, or
 * PostgreSQL named by the app's URL setting (IDP_DATABASE_URL, SP_DATABASE_URL).
 */
export function notWritableAtStart(
  app: 'IdP' | 'SP',
  database: { kind: 'sqlite' | 'postgres'; file?: string | undefined },
  urlSetting: string,
  err: unknown,
): string {
  const where = database.kind === 'sqlite' ? `SQLite file ${database.file}` : `PostgreSQL database (${urlSetting})`;
  return `The ${app} cannot write its ${where}: ${(err as Error)?.message ?? err}. Check that the file and its folder are writable by this user and the disk has free space (PostgreSQL: the server is up and the user may write); the ${app} does not start on a database it cannot write.`;
}
