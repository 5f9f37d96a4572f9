// Which loopback ports a test process may hand to the apps it starts (free-port.ts). Not the kernel's
// ephemeral ports: every outgoing connection and every listen(0) on the machine draws from those
// (ip_local_port_range), so a port picked there can be taken by another worker between the pick and the app's
// listen (a CI run failed on `EADDRINUSE 127.0.0.1:41379` that way). The ports below that range are handed out
// by nobody but us; the test runner splits them into one block per worker process (SAMLBRIDGE_TEST_PORTS), and a
// runner started inside a worker splits that worker's block again, so no two workers ever hand out the same port.
import { readFileSync } from 'node:fs';

export interface PortRange {
  first: number;
  last: number;
}

export const TEST_PORTS_ENV = 'SAMLBRIDGE_TEST_PORTS';

/** Below this, ports belong to well-known and registered services more often; the tests stay above. */
const LOWEST_TEST_PORT = 20_000;

/**
 * Where the kernel's own port choices start: Linux's ip_local_port_range, else the dynamic range (RFC 6335 §6).
 * A Linux range that starts at or below 20000 leaves the tests no port of their own; they then take the ports below
 * the dynamic range, which that kernel may also hand out (as it did every listen(0) pick before).
 */
export function ephemeralLow(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const port = Number(low);
    if (Number.isInteger(port) && port > LOWEST_TEST_PORT) return port;
  } catch {
    // Not Linux (no /proc): the kernel takes its ports from the dynamic range.
  }
  return 49_152;
}

/** This process's ports: the block its runner gave it, else every port from 20000 up to the ephemeral range. */
export function testPortRange(env: NodeJS.ProcessEnv = process.env): PortRange {
  const given = env[TEST_PORTS_ENV];
  if (!given) return { first: LOWEST_TEST_PORT, last: ephemeralLow() - 1 };
  const match = /^(\d+)-(\d+)$/.exec(given);
  const [first, last] = match ? [Number(match[1]), Number(match[2])] : [Number.NaN, Number.NaN];
  if (!(first >= 1024 && first <= last && last <= 65_535))
    throw new Error(`${TEST_PORTS_ENV}="${given}" is not a port range FIRST-LAST within 1024-65535`);
  return { first, last };
}

/** `range` cut into `parts` blocks of (nearly) equal size, in order. */
export function splitPortRange(range: PortRange, parts: number): PortRange[] {
  const size = range.last - range.first + 1;
  if (parts < 1 || parts > size) throw new Error(`cannot split ${size} ports into ${parts} blocks`);
  return Array.from({ length: parts }, (_, i) => ({
    first: range.first + Math.floor((size * i) / parts),
    last: range.first + Math.floor((size * (i + 1)) / parts) - 1,
  }));
}

/** The environment entry that gives a child process `range`. */
export const portRangeEnv = (range: PortRange): Record<string, string> => ({ [TEST_PORTS_ENV]: `${range.first}-${range.last}` });
