// What a test worker reports about one file (scripts/test-worker.ts → scripts/test.ts).

/** Starts the line that carries a FileReport as JSON at the end of a file's output. */
export const RECORD_MARK = '\u001e[samlbridge-test-file] ';

export interface FileReport {
  file: string;
  passes: number;
  failures: number;
  pending: number;
  /** Full titles of the failed tests and hooks, with the first line of the error. */
  failed: { title: string; message: string }[];
  /** Wall time of the file in its worker: loading, hooks and tests. */
  ms: number;
  /** CPU time (user + system) of the worker process during the file; child processes not included. */
  cpuMs: number;
  /**
   * CPU time of the processes below the worker during the file (spawned apps, xmlsec1, the worker's shared
   * Chromium), from /proc; 0 where /proc is missing. A PostgreSQL server's work is in neither number.
   */
  childCpuMs?: number;
}
