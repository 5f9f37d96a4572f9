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
  routeSteps,
  withMessage,
} from './api/index.js';
export { assets } from './assets.js';
export { parseBody } from './body.js';
export type { Clock } from './clock.js';
export { fixedClock, systemClock } from './clock.js';
export type { ConfigOf, Setting } from './config.js';
export { ConfigError, describeConfig, loadConfig, parsers } from './config.js';
export { csrfToken, requireCsrf } from './csrf.js';
export type { ErrorRenderer } from './error-handler.js';
export { errorHandler, renderJsonError, toSamlbridgeError } from './error-handler.js';
export { html, page, progress, SafeHtml } from './html.js';
export type { IdentityConflict, IdentityKeyPlan, IdentityRow } from './identity-keys.js';
export { identityConflictReport, planIdentityKeys } from './identity-keys.js';
export type {
  Columns,
  ConstraintViolation,
  DatabaseTarget,
  DbBoolean,
  DbBooleanOrNull,
  DbJson,
  DbJsonOrNull,
  DbTimestamp,
  DbTimestampOrNull,
  Engine,
  KyselyDatabase,
  LegacyMigrations,
  LoginThrottleTable,
  MigrateOptions,
  NamedMigration,
  OpenKyselyOptions,
  SessionsTable,
  SqlDialect,
  SweepableSessionStore,
  Table,
  WebTables,
} from './kysely/index.js';
export {
  affected,
  containsIgnoringCase,
  containsPattern,
  guardUnique,
  inTransaction,
  kyselySessionStore,
  kyselyThrottleStore,
  LEGACY_SCHEMA_MIGRATION,
  matchesPattern,
  migrateToLatest,
  NAMED_MIGRATIONS_TABLE,
  openKysely,
  pageOf,
  rowMapper,
  table,
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
export type { PostgresMigration } from './postgres-migrations.js';
export type { PgPool, PgQueryable, PostgresLogger } from './postgres-pool.js';
export { isPostgresUrl, openPostgres, pgJson, postgresLogger } from './postgres-pool.js';
export type { ScratchDatabase } from './postgres-scratch.js';
export { createScratchDatabase } from './postgres-scratch.js';
export { transaction } from './postgres-transactions.js';
export type { ModeLogger } from './private-files.js';
export { ensurePrivateDatabaseFile, ensurePrivateDir, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './private-files.js';
export { sameOriginPath } from './redirect.js';
export type { PasswordVerifier } from './secrets.js';
export { hashPassword, hashToken, newToken, safeEqual, verifyPassword } from './secrets.js';
export { noCache, securityHeaders } from './security-headers.js';
export type { RunningServer } from './server.js';
export { listen } from './server.js';
export type { SessionStore } from './session.js';
export { sessions } from './session.js';
export type { OpenSqliteOptions, SqliteDatabase, SqliteMigration } from './sqlite.js';
export { openSqlite } from './sqlite.js';
export type { SqliteTransactionQueue } from './sqlite-transactions.js';
export { sqliteTransactionQueue } from './sqlite-transactions.js';
export type { LoginAttempt, LoginThrottle, ThrottleStore } from './throttle.js';
export { createLoginThrottle } from './throttle.js';
export type { LoginThrottleConfig } from './throttle-config.js';
export { loginThrottleRules, loginThrottleSettings } from './throttle-config.js';
export type { WebErrorCode } from './web-errors.js';
export { isWebError, WEB_ERRORS, webError } from './web-errors.js';
