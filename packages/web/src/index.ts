// @samlbridge/web — the web plumbing both apps share. The public surface, listed by name.

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
export type { Logger } from './logger.js';
export { createLogger } from './logger.js';
export type { PgPool, PgQueryable, ScratchDatabase } from './postgres.js';
export {
  createScratchDatabase,
  isPostgresUrl,
  openPostgres,
  POSTGRES_THROTTLE_MIGRATION,
  pgGuarded,
  pgJson,
  postgresThrottleStore,
  transaction,
} from './postgres.js';
export { sameOriginPath } from './redirect.js';
export type { PasswordVerifier } from './secrets.js';
export { hashPassword, hashToken, newToken, safeEqual, verifyPassword } from './secrets.js';
export { noCache, securityHeaders } from './security-headers.js';
export type { RunningServer } from './server.js';
export { listen } from './server.js';
export type { SessionStore } from './session.js';
export { sessions } from './session.js';
export type { SweepableSessionStore } from './session-stores.js';
export { postgresSessionStore, sqliteSessionStore } from './session-stores.js';
export type { SqliteDatabase } from './sqlite.js';
export { openSqlite } from './sqlite.js';
export { withSqliteTransactions } from './sqlite-transactions.js';
export type { LoginAttempt, LoginThrottle, ThrottleStore } from './throttle.js';
export { createLoginThrottle, sqliteThrottleStore, THROTTLE_MIGRATION } from './throttle.js';
export { loginThrottleRules, loginThrottleSettings } from './throttle-config.js';
