import { X509Certificate } from 'node:crypto';
import { loadOrCreateSigningMaterial } from '@samlbridge/certs';
import { createResponseSigner, fingerprints } from '@samlbridge/protocol';
import { type Clock, createLogger, hashToken, type Logger, systemClock } from '@samlbridge/web';
import type Koa from 'koa';
import { type IdpConfig, loadIdpConfig, resolveDatabase } from './config.js';
import { buildIdpApp } from './http/app.js';
import type { IdpDeps, SigningInfo } from './http/deps.js';
import { newId } from './services/directory-users.js';
import { createServices, type Services } from './services/index.js';
import { createSqliteStore } from './store/sqlite/index.js';
import type { Store } from './store/types.js';

export interface CreateIdpOptions {
  /** Environment to read IDP_* settings from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Overrides applied after the environment (tests, embedding). */
  config?: Partial<IdpConfig>;
  clock?: Clock;
  logger?: Logger;
}

export interface Idp {
  app: Koa;
  config: IdpConfig;
  store: Store;
  services: Services;
  signing: SigningInfo;
  logger: Logger;
  close(): Promise<void>;
}

/** The API key from IDP_ADMIN_API_KEY, stored as a SHA-256 digest (rotated when the setting changes). */
export const BOOTSTRAP_API_KEY = 'bootstrap';

async function ensureBootstrapApiKey(store: Store, apiKey: string, now: Date): Promise<void> {
  const keyHash = hashToken(apiKey);
  const existing = await store.apiKeys.findByName(BOOTSTRAP_API_KEY);
  if (!existing) await store.apiKeys.insert({ id: newId(), name: BOOTSTRAP_API_KEY, keyHash, createdAt: now });
  else if (existing.keyHash !== keyHash) await store.apiKeys.updateHash(existing.id, keyHash);
}

/** Builds the IdP (config validated, signing material loaded or created, store migrated). Does not listen. */
export async function createIdp({
  env = process.env,
  config: overrides = {},
  clock = systemClock,
  logger,
}: CreateIdpOptions = {}): Promise<Idp> {
  const config = loadIdpConfig(env, overrides);
  const database = resolveDatabase(config);
  const log = logger ?? createLogger('idp', config.logLevel);
  const material = await loadOrCreateSigningMaterial(config.dataDir, { commonName: new URL(config.baseUrl).hostname });
  if (material.created)
    log.info({ keyPath: material.keyPath, certificatePath: material.certificatePath }, 'generated IdP signing key and certificate');
  const signer = createResponseSigner(material);
  const signing: SigningInfo = {
    certificatePem: material.certificatePem,
    fingerprints: fingerprints(material.certificatePem),
    notAfter: new Date(new X509Certificate(material.certificatePem).validTo),
  };
  const store = createSqliteStore(database.file);
  try {
    await ensureBootstrapApiKey(store, config.adminApiKey, clock.now());
  } catch (err) {
    await store.close();
    throw err;
  }
  const services = createServices({ store, clock, baseUrl: config.baseUrl });
  const deps: IdpDeps = { config, store, services, signer, signing, logger: log, clock };
  return {
    app: buildIdpApp(deps),
    config,
    store,
    services,
    signing,
    logger: log,
    close: () => store.close(),
  };
}
