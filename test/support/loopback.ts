// The pieces every cross-package test uses to run real apps on this machine: where an app answers and keeps
// its data, and how a test takes the apps down again.
import { rmSync } from 'node:fs';
import { TEST_PASSWORD_HASH_COST } from '@samlbridge/test-support';
import type { RunningServer } from '@samlbridge/web';

/**
 * The config of an app answering on http://localhost:`port` with its SQLite data under `dataDir`, hashing the
 * passwords it stores at the test cost (test-support's TEST_PASSWORD_HASH_COST).
 */
export const onLoopback = (port: number, dataDir: string) => ({
  port,
  baseUrl: `http://localhost:${port}`,
  dataDir,
  passwordHashCost: TEST_PASSWORD_HASH_COST,
});

/** Stops the servers, then closes the apps (stores, workers), then removes `dir`; each step runs even if one before failed. */
export async function stopAll(servers: RunningServer[], apps: { close(): Promise<void> }[], dir: string): Promise<void> {
  await Promise.allSettled(servers.map((s) => s.close()));
  await Promise.allSettled(apps.map((a) => a.close()));
  rmSync(dir, { recursive: true, force: true });
}
