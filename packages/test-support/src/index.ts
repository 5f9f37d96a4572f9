// @samlbridge/test-support — helpers every test tree shares (packages/*/test, certs/test, test/).
export { closing } from './closing.js';
export { CookieJar } from './cookie-jar.js';
export { dumpSqlite, type SqliteReader } from './dump-sqlite.js';
export { type EventuallyOptions, eventually } from './eventually.js';
export { freePort } from './free-port.js';
export { type LogSink, logSink } from './log-sink.js';
export { type BurstOutcome, burst, type PasswordCheck, type PasswordGate, passwordGate } from './password-gate.js';
export { TEST_PASSWORD_HASH_COST } from './password-hash-cost.js';
export { fillParams, type RouteEntry, type RouterLike, routesOf, STATE_CHANGING } from './routes.js';
export { cookieProblems, securityHeaderProblems } from './security-headers.js';
export { deletesCookie, parseSetCookie, type SetCookie, setCookie, setCookies } from './set-cookie.js';
export { type SpSsoIdpFields, spSsoSettingsForm } from './sp-sso-settings-form.js';
export { forwardTo, scratchDatabaseFixture, suiteFixture } from './suite-fixture.js';
export { tempDirFixture } from './temp-dir.js';
export { testDatabaseServer } from './test-database.js';
export { seedTestSigningKey } from './test-signing-key.js';
export { thrownBy } from './thrown-by.js';
export { SAML_ID_ELEMENTS, xmlsecVerify } from './xmlsec.js';
