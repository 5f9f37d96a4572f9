// @samlbridge/sp-talentlms — the TalentLMS-like service provider.

export type { SpConfig } from './config.js';
export { loadSpConfig, spConfigSpec } from './config.js';
export type { CreateSpOptions, Sp } from './create-sp.js';
export { createSp, SESSION_COOKIE } from './create-sp.js';
export type { SpServices } from './deps.js';
export type { AuditService } from './lms/audit.js';
export type { UserService } from './lms/users.js';
export { REASONS, type ReasonCode } from './saml/reasons.js';
export type { VerifiedResponse, VerifyContext } from './saml/verify-response.js';
export { verifySamlResponse } from './saml/verify-response.js';
export type { CheckStatus, ConfigurationCheck, ConfigurationReport } from './sso/check-configuration.js';
export { checkConfiguration, metadataUrlFor } from './sso/check-configuration.js';
export type { AttributeNames, FieldProblem, SsoSettings } from './sso/settings.js';
export { defaultSettings, isConfigured, SettingsValidationError, validateSettings } from './sso/settings.js';
export type { SsoService } from './sso/sso-service.js';
export { createStore } from './store/index.js';
export type { AuditEvent, LmsUser, Store } from './store/types.js';
export { ACS_PATH, DEFAULT_TENANT, METADATA_PATH, tenantIdFromHost } from './tenant.js';
