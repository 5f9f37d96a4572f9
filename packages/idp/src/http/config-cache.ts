// What every SSO request reads of the configuration, kept between requests: the application by its SSO URL name
// and its "Encrypt assertion" setting, plus the signing keys (keys/keyring.ts). Validity: every request reads the
// configuration version once, first (store/config-version.ts; a trigger bumps it in the transaction of every write
// to those tables, on any instance), and what was cached at an older version is dropped before the request is
// served. So a change committed anywhere applies to every request that starts after it, as with a read per request,
// for one small indexed read instead of one per table.
import type { Logger } from '@samlbridge/web';
import type { Middleware } from 'koa';
import type { ResolvedApplication } from '../domain.js';
import type { Keyring } from '../keys/keyring.js';
import type { AssertionEncryptionSettings } from '../store/assertion-encryption.js';
import type { Store } from '../store/types.js';

/** Applications kept per version (names of unknown applications are never kept). */
export const MAX_CACHED_APPLICATIONS = 1000;

export interface ConfigCache {
  /** Koa middleware, before every route: reads the configuration version, refreshes the keyring and this cache. */
  refreshing(): Middleware;
  /** The application whose SSO URL ends in `name` (undefined: none). */
  application(name: string): Promise<ResolvedApplication | undefined>;
  /** The application's "Encrypt assertion" row (undefined: never set). */
  assertionEncryption(applicationId: string): Promise<AssertionEncryptionSettings | undefined>;
  /** Reads the version now and drops what is older (refreshing() does this per request). */
  refresh(): Promise<number>;
}

interface Snapshot {
  version: number;
  applications: Map<string, Promise<ResolvedApplication | undefined>>;
  encryption: Map<string, Promise<AssertionEncryptionSettings | undefined>>;
}

const snapshotAt = (version: number): Snapshot => ({ version, applications: new Map(), encryption: new Map() });

export interface ConfigCacheOptions {
  store: Store;
  keys: Pick<Keyring, 'refreshAt'>;
  logger: Logger;
  /** Reads one application by name from the store (services.directory.findApplicationByName). */
  findApplicationByName(name: string): Promise<ResolvedApplication | undefined>;
}

export function createConfigCache({ store, keys, logger, findApplicationByName }: ConfigCacheOptions): ConfigCache {
  let snapshot = snapshotAt(-1);

  /**
   * Any other number than the snapshot's drops it, even a lower one (concurrent reads answered out of order cost a
   * reload, never a stale answer: whatever a snapshot holds was read after some request read its version).
   */
  function observe(version: number): void {
    if (version !== snapshot.version) snapshot = snapshotAt(version);
  }

  /** One read per key and snapshot; a failed read is not kept. */
  function cached<T>(map: Map<string, Promise<T>>, key: string, read: () => Promise<T>, keep: (value: T) => boolean): Promise<T> {
    const hit = map.get(key);
    if (hit) return hit;
    if (map.size >= MAX_CACHED_APPLICATIONS) map.clear();
    const pending = read().then(
      (value) => {
        if (!keep(value)) map.delete(key);
        return value;
      },
      (err: unknown) => {
        map.delete(key);
        throw err;
      },
    );
    map.set(key, pending);
    return pending;
  }

  async function refresh(): Promise<number> {
    const version = await store.configVersion.current();
    observe(version);
    await keys.refreshAt(version);
    return version;
  }

  return {
    refresh,
    refreshing: () => async (_ctx, next) => {
      try {
        await refresh();
      } catch (err) {
        // As before this cache: a failed read serves with what was read last (the route's own reads will fail too).
        logger.warn({ err }, 'reading the configuration version failed: serving with the configuration read last');
      }
      await next();
    },
    application: (name) =>
      cached(
        snapshot.applications,
        name,
        async () => {
          const app = await findApplicationByName(name);
          return app && Object.freeze(app);
        },
        (app) => app !== undefined,
      ),
    assertionEncryption: (applicationId) =>
      cached(
        snapshot.encryption,
        applicationId,
        async () => (await store.assertionEncryption.get(applicationId)) ?? undefined,
        () => true,
      ),
  };
}
