// @samlbridge/web — the web plumbing both apps share. The public surface, listed by name.

export type {
  ApiRoute,
  FieldProblem,
  HttpMethod,
  MountOptions,
  OpenApiInfo,
  ProblemWording,
  Reply,
  ResponseChecker,
  ResponseSpec,
  Responses,
  RouteAnswers,
  RouteHandler,
  RouteRequest,
  Typed,
} from './api/index.js';
export {
  apiRoute,
  checkRequest,
  DEFAULT_WORDING,
  dateTime,
  fieldName,
  fieldProblems,
  messageOf,
  nullable,
  oneOf,
  openApiDocument,
  openApiPath,
  openApiProblems,
  queryReader,
  responseChecker,
  route,
  routeSteps,
  withMessage,
} from './api/index.js';
export { assets } from './assets.js';
export { parseBody } from './body.js';
export { readBoundedBody } from './bounded-body.js';
export type { Clock } from './clock.js';
export { fixedClock, systemClock } from './clock.js';
export type { ConfigOf, Setting } from './config.js';
export { ConfigError, describeConfig, loadConfig, parsers, samlTraceSetting } from './config.js';
export { csrfToken, requireCsrf } from './csrf.js';
export { errorCard } from './error-card.js';
export type { ErrorRenderer } from './error-handler.js';
export { errorHandler, renderJsonError, toSamlbridgeError } from './error-handler.js';
export { html, page, progress, SafeHtml } from './html.js';
export type { IdentityConflict, IdentityKeyPlan, IdentityRow } from './identity-keys.js';
export { identityConflictReport, planIdentityKeys } from './identity-keys.js';
export type {
  AnyKysely,
  Columns,
  ConstraintViolation,
  CustomCodec,
  DatabaseTarget,
  DbBoolean,
  DbBooleanOrNull,
  DbJson,
  DbJsonOrNull,
  DbTimestamp,
  DbTimestampOrNull,
  Engine,
  Keyed,
  KeyedTable,
  KyselyDatabase,
  LegacyMigrations,
  LoginThrottleTable,
  Maintenance,
  MigrateOptions,
  NamedMigration,
  OpenKyselyOptions,
  Page,
  RowOf,
  SessionsTable,
  SnakeCase,
  SqlDialect,
  SweepableSessionStore,
  Table,
  WebTables,
  WithGenerated,
} from './kysely/index.js';
export {
  affected,
  atomically,
  CHUNK,
  chunksOf,
  containsIgnoringCase,
  containsPattern,
  countRows,
  deleteExpired,
  deleteExpiredBatch,
  guardUnique,
  hasRow,
  inTransaction,
  JSON_TEXT,
  JSON_TEXT_OR_NULL,
  keyedColumns,
  keyedTable,
  kyselyMaintenance,
  kyselySessionStore,
  kyselyThrottleStore,
  LEGACY_SCHEMA_MIGRATION,
  matchesPattern,
  migrateToLatest,
  NAMED_MIGRATIONS_TABLE,
  openKysely,
  openMigrated,
  optionalColumns,
  pageOf,
  precompiled,
  precompiledRows,
  pruneOlderThan,
  requiredColumns,
  rowMapper,
  snakeCase,
  snakeColumns,
  table,
  unexpiredRow,
  webStores,
} from './kysely/index.js';
export {
  LEGACY_POSTGRES,
  LEGACY_SQLITE,
  type LegacyIdentityKeys,
  type LegacyTypes,
  legacyIdentityKeys,
  legacyThrottleTable,
} from './legacy-steps.js';
export type { Logger } from './logger.js';
export { createLogger } from './logger.js';
export type { LabelledReadings, Operations, OperationsOptions, ReadinessCheck } from './operations.js';
export { createOperations, HEALTH_PATHS } from './operations.js';
export type { OperationsConfig } from './ops-config.js';
export { operationsSettings } from './ops-config.js';
export type { BoundedVerifier, PasswordQueueOptions } from './password-queue.js';
export { boundedPasswordVerifier } from './password-queue.js';
export type { PostgresMigration } from './postgres-migrations.js';
export type { PgPool, PgQueryable, PostgresLogger } from './postgres-pool.js';
export { isPostgresUrl, openPostgres, pgJson, postgresLogger } from './postgres-pool.js';
export type { ScratchDatabase } from './postgres-scratch.js';
export { createScratchDatabase, type ScratchEngine, scratchEngines } from './postgres-scratch.js';
export { type ScratchTemplate, scratchTemplateName } from './postgres-template.js';
export { transaction } from './postgres-transactions.js';
export type { ModeLogger } from './private-files.js';
export { ensurePrivateDatabaseFile, ensurePrivateDir, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './private-files.js';
export { sameOriginPath } from './redirect.js';
export type { RejectionAggregator, RejectionKey } from './rejection-aggregator.js';
export { createRejectionAggregator, type RejectionWindow } from './rejection-aggregator.js';
export type { PasswordHasher, PasswordVerifier } from './secrets.js';
export {
  DEFAULT_PASSWORD_HASH_COST,
  hashPassword,
  hashToken,
  newToken,
  PASSWORD_HASH_COST_RANGE,
  passwordHasher,
  safeEqual,
  verifyPassword,
} from './secrets.js';
export { noCache, securityHeaders } from './security-headers.js';
export type { ListenOptions, RunningServer } from './server.js';
export { DEFAULT_SHUTDOWN_GRACE_MS, listen } from './server.js';
export type { FormTokenCookie, SessionStore } from './session.js';
export { sessions } from './session.js';
export type { OpenSqliteOptions, SqliteDatabase, SqliteMigration } from './sqlite.js';
export { openSqlite } from './sqlite.js';
export type { SqliteTransactionQueue } from './sqlite-transactions.js';
export { sqliteTransactionQueue } from './sqlite-transactions.js';
export type { FaultLog } from './storage-faults.js';
export { isStorageFault, notWritableAtStart, STORAGE_RETRY_AFTER_SECONDS, storageFaultLog } from './storage-faults.js';
export type { Sweeper, SweepTasks } from './sweeper.js';
export { startSweeper } from './sweeper.js';
export type { LoginAttempt, LoginThrottle, ThrottleStore } from './throttle.js';
export { createLoginThrottle } from './throttle.js';
export type { LoginThrottleConfig } from './throttle-config.js';
export { loginThrottleRules, loginThrottleSettings } from './throttle-config.js';
export type { WebErrorCode } from './web-errors.js';
export { isWebError, WEB_ERRORS, webError } from './web-errors.js';
