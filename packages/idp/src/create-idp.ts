import { loadOrCreateSigningMaterial } from '@samlbridge/certs';
import {
  boundedPasswordVerifier,
  type Clock,
  createLogger,
  ensurePrivateDir,
  hashToken,
  identityConflictReport,
  isStorageFault,
  type Logger,
  loginThrottleRules,
  notWritableAtStart,
  type Operations,
  type PasswordVerifier,
  passwordHasher,
  safeEqual,
  verifyPassword as scryptVerify,
  systemClock,
} from '@samlbridge/web';
import type Koa from 'koa';
import { type IdpConfig, loadIdpConfig, resolveDatabase } from './config.js';
import { warnAboutDemoCredentials } from './demo-credentials.js';
import { type SweepResult, startExpirySweeper } from './expiry-sweep.js';
import { buildIdpApp, type IdpRouters } from './http/app.js';
import { createConfigCache } from './http/config-cache.js';
import type { IdpDeps, SigningInfo } from './http/deps.js';
import { PENDING_SIGNIN_WINDOW_SECONDS } from './http/sso/pending-signin-limit.js';
import { createKeyring, type Keyring } from './keys/keyring.js';
import { createMfaService, type MfaService } from './mfa/service.js';
import { countSignIns, idpOperations, signInCounter } from './operations.js';
import { createProvisioning, type ProvisioningRuntime } from './provisioning/index.js';
import { createSecretBox, loadSecretKey } from './provisioning/secret-box.js';
import { newId } from './services/directory-users.js';
import { createServices, type Services } from './services/index.js';
import { ssoRejections } from './sso-rejections.js';
import { startupError } from './startup-errors.js';
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
  /** The signing threads' code (keys/signing-worker-source.ts); tests give one that dies. Not a setting. */
  signingThreadSource?: string;
}

export interface Idp {
  app: Koa;
  /** The routers `app` mounts (route listing for tests and docs). */
  routers: IdpRouters;
  config: IdpConfig;
  store: Store;
  services: Services;
  /** The active signing key as last read from the store (it changes when a next key is activated). */
  readonly signing: SigningInfo;
  /** Signing keys: staged rotation (generate next, activate, retire). */
  keys: Keyring;
  logger: Logger;
  /** SCIM provisioning: IdM integrations, outbox worker, import (ARCHITECTURE.md §3). */
  provisioning: ProvisioningRuntime;
  /** /healthz, /readyz, /metrics and their registry (the app mounts `operations.middleware` first). */
  operations: Operations;
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
  signingThreadSource,
}: CreateIdpOptions = {}): Promise<Idp> {
  const config = loadIdpConfig(env, overrides);
  const database = resolveDatabase(config);
  const log = logger ?? createLogger('idp', config.logLevel);
  // Signing key, secret key and the default database live here: 0700, tightened if an older version left it open.
  ensurePrivateDir(config.dataDir, log);
  const material = await loadOrCreateSigningMaterial(config.dataDir, { commonName: new URL(config.baseUrl).hostname });
  if (material.created)
    log.info({ keyPath: material.keyPath, certificatePath: material.certificatePath }, 'generated IdP signing key and certificate');
  const notWritable = (err: unknown) =>
    startupError('database_not_writable', notWritableAtStart('IdP', database, 'IDP_DATABASE_URL', err), { cause: err });
  const rawStore = await createStore(database, { logger: log }).catch((err: unknown) => {
    throw isStorageFault(err) ? notWritable(err) : err;
  });
  try {
    // Refuse to start (and so to report ready) on a database that only reads: a read-only file opens and migrates fine.
    await rawStore.maintenance.probeWrite();
  } catch (err) {
    await rawStore.close();
    throw notWritable(err);
  }
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
  // Load shedding: a bounded queue of password checks; past it a sign-in gets 503 "busy" at once.
  const boundedVerify = boundedPasswordVerifier(verifyPassword ?? scryptVerify, {
    concurrency: config.passwordConcurrency,
    queueLimit: config.passwordQueueLimit,
  });
  // Set once the keyring is loaded below; /readyz reads the active key at each call.
  let keys: Keyring | undefined;
  const activeSigning = (): SigningInfo | undefined => {
    if (!keys) return undefined;
    const { certificatePem, fingerprints, notAfter } = keys.active();
    return { certificatePem, fingerprints, notAfter };
  };
  const operations = idpOperations({ config, store, signing: activeSigning, clock, logger: log });
  const baseServices = createServices({
    store,
    clock,
    baseUrl: config.baseUrl,
    verifyPassword: boundedVerify,
    hashPassword: passwordHasher(config.passwordHashCost),
  });
  const countSignIn = signInCounter(operations);
  const services = { ...baseServices, events: countSignIns(baseServices.events, countSignIn) };
  try {
    // First start: the portal's admin account from IDP_ADMIN_EMAIL / IDP_ADMIN_PASSWORD (kept afterwards).
    const { created } = await services.admins.ensureAdmin(config.adminEmail, config.adminPassword);
    if (created) log.info({ email: config.adminEmail }, 'created the admin account');
    await warnAboutDemoCredentials(config, services.admins, log);
  } catch (err) {
    await store.close();
    throw err;
  }
  // Seals signing keys and TOTP seeds (IDP_SECRET_KEY or the 0600 idp-secret.key file).
  const secretBox = createSecretBox(loadSecretKey(config.secretKey, config.dataDir, log));
  let keyring: Keyring;
  try {
    // The key file is adopted as the first active key; rotations live in the store (keys/keyring.ts).
    keyring = await createKeyring({
      store,
      sealer: secretBox,
      clock,
      logger: log,
      commonName: new URL(config.baseUrl).hostname,
      fileMaterial: material,
      record: (e) => services.events.record(e),
      signingThreads: config.signingThreads,
      ...(signingThreadSource ? { signingThreadSource } : {}),
    });
  } catch (err) {
    await store.close();
    throw err;
  }
  keys = keyring;
  const provisioning = provisioningEngine.attach(services);
  const mfa = createMfaService({
    store,
    box: secretBox, // TOTP seeds sealed like SCIM tokens and signing keys
    clock,
    events: services.events,
    issuer: new URL(config.baseUrl).host,
    ...loginThrottleRules(config),
  });
  const rejections = ssoRejections(
    baseServices.events,
    store,
    { clock, logger: log, windowSeconds: config.rejectionWindowSeconds },
    countSignIn,
  );
  // Single Logout messages are signed with whichever key is active, like Responses.
  const messageSigningKey = {
    get privateKeyPem() {
      return keyring.activeMaterial().privateKeyPem;
    },
    get certificatePem() {
      return keyring.activeMaterial().certificatePem;
    },
  };
  const deps: IdpDeps = {
    config,
    store,
    services,
    signer: keyring.signer,
    keys: keyring,
    configCache: createConfigCache({
      store,
      keys: keyring,
      logger: log,
      findApplicationByName: (name) => services.directory.findApplicationByName(name),
    }),
    messageSigningKey,
    logger: log,
    clock,
    provisioning,
    operations,
    rejections,
    mfa,
  };
  provisioning.start();
  const sweeper = startExpirySweeper(store, clock, log, {
    eventsRetentionDays: config.eventsRetentionDays,
    traceRetentionDays: config.traceRetentionDays,
    longestThrottleWindowSeconds: Math.max(config.loginAccountWindowSeconds, config.loginIpWindowSeconds, PENDING_SIGNIN_WINDOW_SECONDS),
  });
  await sweeper.sweep().catch((err: unknown) => log.warn({ err }, 'deleting expired sessions at start failed'));
  const { app, routers } = buildIdpApp(deps);
  return {
    app,
    routers,
    config,
    store,
    services,
    get signing() {
      const { certificatePem, fingerprints, notAfter } = keyring.active();
      return { certificatePem, fingerprints, notAfter };
    },
    keys: keyring,
    logger: log,
    provisioning,
    operations,
    mfa,
    sweepExpired: () => sweeper.sweep(),
    close: async () => {
      await sweeper.stop();
      await provisioning.stop();
      await rejections.stop();
      operations.close();
      await keyring.close();
      await store.close();
    },
  };
}
