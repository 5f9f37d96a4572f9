// Captures what a logger writes (pino writes one JSON line per record) so a test can read it back.
import { Writable } from 'node:stream';

export interface LogSink {
  /** Give this to the logger as its destination. */
  stream: Writable;
  /** Every chunk written, as text, in order. */
  readonly lines: string[];
  /** Every JSON record written, parsed, in order. */
  records(): Record<string, unknown>[];
  /** Everything written, as one string (for "is this secret anywhere" checks). */
  text(): string;
}

export function logSink(): LogSink {
  const lines: string[] = [];
  return {
    stream: new Writable({
      write(chunk, _encoding, callback) {
        lines.push(String(chunk));
        callback();
      },
    }),
    lines,
    records: () =>
      lines.flatMap((chunk) =>
        chunk
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => JSON.parse(line) as Record<string, unknown>),
      ),
    text: () => lines.join(''),
  };
}
