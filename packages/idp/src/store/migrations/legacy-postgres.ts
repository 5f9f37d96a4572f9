// FROZEN: the PostgreSQL migration list of the releases before the named migrations (schema_migrations rows
// (component 'idp', version i+1) after step i), each step the SQL it ran (legacy-steps.ts), so a database made
// by any of them upgrades in place. Never edit; the named list (./index.ts) runs the missing steps first.
import { legacyThrottleTable, type PostgresMigration, LEGACY_POSTGRES as T } from '@samlbridge/web';
import { authnRequestIds, directory, identityKeys, pendingPasswords, provisioning, requestSigning } from './legacy-steps.js';

export const legacyPostgresMigrations: readonly PostgresMigration[] = [
  directory(T),
  provisioning(T),
  legacyThrottleTable(T),
  requestSigning(T),
  authnRequestIds(T),
  identityKeys(T).postgres,
  pendingPasswords(T),
];
