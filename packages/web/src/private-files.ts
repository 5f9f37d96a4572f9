// Data folders and database files hold sessions, password hashes, key material: only the account the
// app runs as may read them. Folders are created 0700 and files 0600; ones an older version left wider
// are tightened at start-up with a log line. POSIX only (Windows ACLs are not described by mode bits).
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import type { Logger } from './logger.js';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

export type ModeLogger = Pick<Logger, 'warn'>;

const posix = process.platform !== 'win32';

/** Removes group/other access from an existing path (a no-op when absent or already private). */
function tighten(path: string, mode: number, what: string, logger?: ModeLogger): void {
  if (!posix || !existsSync(path)) return;
  const current = statSync(path).mode & 0o777;
  if ((current & 0o077) === 0) return;
  try {
    chmodSync(path, mode);
    logger?.warn(
      { path, from: current.toString(8).padStart(4, '0'), to: mode.toString(8).padStart(4, '0') },
      `${what} was readable by other users; its mode was tightened`,
    );
  } catch (err) {
    logger?.warn({ path, err }, `${what} is readable by other users and its mode could not be changed; run chmod yourself`);
  }
}

/** Creates `dir` (and missing parents) with mode 0700; an existing one open to group/others is tightened to 0700. */
export function ensurePrivateDir(dir: string, logger?: ModeLogger): void {
  const created = mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (created !== undefined && posix)
    chmodSync(dir, PRIVATE_DIR_MODE); // whatever the umask
  else tighten(dir, PRIVATE_DIR_MODE, 'The data folder', logger);
}

/**
 * A SQLite database file created empty with mode 0600 (SQLite gives its -wal and -shm files the mode
 * of the database file); an existing one, and its -wal/-shm, open to group/others is tightened to 0600.
 */
export function ensurePrivateDatabaseFile(file: string, logger?: ModeLogger): void {
  try {
    closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
    if (posix) chmodSync(file, PRIVATE_FILE_MODE); // whatever the umask
    return;
  } catch (err) {
    if ((err as { code?: string }).code !== 'EEXIST') throw err;
  }
  for (const path of [file, `${file}-wal`, `${file}-shm`]) tighten(path, PRIVATE_FILE_MODE, 'The database file', logger);
}
