import { X509Certificate } from 'node:crypto';
import { loadOrCreateSigningMaterial } from '@samlbridge/certs';
import { createResponseSigner, fingerprints } from '@samlbridge/protocol';
import {
  type Clock,
  createLogger,
  ensurePrivateDir,
  hashToken,
  identityConflictReport,
  type Logger,
  loginThrottleRules,
  type PasswordVerifier,
  safeEqual,
  systemClock,
} from '@samlbridge/web';
import type Koa from 'koa';
import { type IdpConfig, loadIdpConfig, resolveDatabase } from './config.js';
import { warnAboutDemoCredentials } from './demo-credentials.js';
import { type SweepResult, startExpirySweeper } from './expiry-sweep.js';
import { buildIdpApp, type IdpRouters } from './http/app.js';
import type { IdpDeps, SigningInfo } from './http/deps.js';
import { createMfaService, type MfaService } from './mfa/service.js';
import { createProvisioning, type ProvisioningRuntime } from './provisioning/index.js';
import { createSecretBox, loadSecretKey } from './provisioning/secret-box.js';
import { newId } from './services/directory-users.js';
import { createServices, type Services } from './services/index.js';
import { createStore } from './store/index.js';
import type { Store } from './store/types.js';

export interface CreateIdpOptions {
  /** Environment to read IDP_* settings from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Overrides applied after the environment (tests, embedding). */
  config?: Partial<IdpConfig>;
  clock?: Clock;
  logger?: Logger;
  /** Checks a sign-in password against its stored hash (default: web's scrypt `verifyPassword`). */
  verifyPassword?: PasswordVerifier;
}

export interface Idp {
  app: Koa;
  /** The routers `app` mounts (route listing for tests and docs). */
  routers: IdpRouters;
  config: IdpConfig;
  store: Store;
  services: Services;
  signing: SigningInfo;
  logger: Logger;
  /** SCIM provisioning: IdM integrations, outbox worker, import (ARCHITECTURE.md §3). */
  provisioning: ProvisioningRuntime;
  /** Second factors and the MFA policy (mfa/service.ts). */
  mfa: MfaService;
  /** Deletes expired sessions and pending sign-ins now (also done at start and every 10 minutes). */
  sweepExpired(): Promise<SweepResult>;
  close(): Promise<void>;
}

/** The API key from IDP_ADMIN_API_KEY, stored as a SHA-256 digest (rotated when the setting changes). */
export const BOOTSTRAP_API_KEY = 'bootstrap';

async function ensureBootstrapApiKey(store: Store, apiKey: string, now: Date): Promise<void> {
  const keyHash = hashToken(apiKey);
  const existing = await store.apiKeys.findByName(BOOTSTRAP_API_KEY);
  if (!existing) {
    try {
      await store.apiKeys.insert({ id: newId(), name: BOOTSTRAP_API_KEY, keyHash, createdAt: now });
      return;
    } catch (err) {
      // Several instances starting at once on one database: another one inserted it first.
      if (!(await store.apiKeys.findByName(BOOTSTRAP_API_KEY))) throw err;
    }
  }
  const current = existing ?? (await store.apiKeys.findByName(BOOTSTRAP_API_KEY));
  if (current && !safeEqual(current.keyHash, keyHash)) await store.apiKeys.updateHash(current.id, keyHash);
}

/** Builds the IdP (config validated, signing material loaded or created, store migrated). Does not listen. */
export async function createIdp({
  env = process.env,
  config: overrides = {},
  clock = systemClock,
  logger,
  verifyPassword,
}: CreateIdpOptions = {}): Promise<Idp> {
  const config = loadIdpConfig(env, overrides);
  const database = resolveDatabase(config);
  const log = logger ?? createLogger('idp', config.logLevel);
  // Signing key, secret key and the default database live here: 0700, tightened if an older version left it open.
  ensurePrivateDir(config.dataDir, log);
  const material = await loadOrCreateSigningMaterial(config.dataDir, { commonName: new URL(config.baseUrl).hostname });
  if (material.created)
    log.info({ keyPath: material.keyPath, certificatePath: material.certificatePath }, 'generated IdP signing key and certificate');
  const signer = createResponseSigner(material);
  const signing: SigningInfo = {
    certificatePem: material.certificatePem,
    fingerprints: fingerprints(material.certificatePem),
    notAfter: new Date(new X509Certificate(material.certificatePem).validTo),
  };
  const rawStore = await createStore(database, { logger: log });
  let provisioningEngine: ReturnType<typeof createProvisioning>;
  try {
    // The provisioning hooks wrap the store: directory writes queue their SCIM changes in the same transaction.
    provisioningEngine = createProvisioning({ store: rawStore, config, clock, logger: log });
    await ensureBootstrapApiKey(rawStore, config.adminApiKey, clock.now());
    const identityConflicts = identityConflictReport(await rawStore.users.identityConflicts());
    if (identityConflicts) log.warn({ reason: 'identity_key_conflict' }, identityConflicts);
  } catch (err) {
    await rawStore.close();
    throw err;
  }
  const store = provisioningEngine.store;
  const services = createServices({ store, clock, baseUrl: config.baseUrl, ...(verifyPassword ? { verifyPassword } : {}) });
  try {
    // First start: the portal's admin account from IDP_ADMIN_EMAIL / IDP_ADMIN_PASSWORD (kept afterwards).
    const { created } = await services.admins.ensureAdmin(config.adminEmail, config.adminPassword);
    if (created) log.info({ email: config.adminEmail }, 'created the admin account');
    await warnAboutDemoCredentials(config, services.admins, log);
  } catch (err) {
    await store.close();
    throw err;
  }
  const provisioning = provisioningEngine.attach(services);
  const mfa = createMfaService({
    store,
    box: createSecretBox(loadSecretKey(config.secretKey, config.dataDir, log)), // TOTP seeds sealed like SCIM tokens
    clock,
    events: services.events,
    issuer: new URL(config.baseUrl).host,
    ...loginThrottleRules(config),
  });
  const deps: IdpDeps = { config, store, services, signer, signing, logger: log, clock, provisioning, mfa };
  provisioning.start();
  const sweeper = startExpirySweeper(store, clock, log);
  await sweeper.sweep().catch((err: unknown) => log.warn({ err }, 'deleting expired sessions at start failed'));
  const { app, routers } = buildIdpApp(deps);
  return {
    app,
    routers,
    config,
    store,
    services,
    signing,
    logger: log,
    provisioning,
    mfa,
    sweepExpired: () => sweeper.sweep(),
    close: async () => {
      await sweeper.stop();
      await provisioning.stop();
      await store.close();
    },
  };
}
