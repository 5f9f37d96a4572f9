// One way to measure throughput for every benchmark in this folder.

/** Runs `fn` repeatedly for about `seconds` (after a short warm-up); returns operations per second. */
export async function rate(seconds: number, fn: () => unknown | Promise<unknown>): Promise<number> {
  const warmUntil = performance.now() + Math.min(300, seconds * 200);
  const once = async () => {
    const r = fn();
    if (r instanceof Promise) await r; // sync work is measured without a microtask hop
  };
  while (performance.now() < warmUntil) await once();
  const start = performance.now();
  const end = start + seconds * 1000;
  let n = 0;
  while (performance.now() < end) {
    // Batches keep the clock reads out of the measurement.
    for (let i = 0; i < 8; i++) await once();
    n += 8;
  }
  return n / ((performance.now() - start) / 1000);
}
