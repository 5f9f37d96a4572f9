// @samlbridge/idp — the identity provider: SSO, user console, directory, admin API.
export { type DatabaseLocation, describeIdpConfig, type IdpConfig, idpConfigSpec, loadIdpConfig, resolveDatabase } from './config.js';
export { BOOTSTRAP_API_KEY, type CreateIdpOptions, createIdp, type Idp } from './create-idp.js';
export type {
  Admin,
  ApiKey,
  Application,
  ApplicationKind,
  AttributeMapping,
  AttributeNameFormat,
  AttributeNaming,
  EventFilter,
  EventType,
  Group,
  IdpEvent,
  LoginFlow,
  NameIdSource,
  Page,
  ResolvedApplication,
  User,
  UserField,
  UserRecord,
  UserStatus,
} from './domain.js';
export type { IdpRouters } from './http/app.js';
export { DEMO_APPLICATION, DEMO_GROUP, type SeedOptions, type SeedResult, seedDemo } from './seed.js';
export type { Services } from './services/index.js';
export type { Store } from './store/types.js';
