// The IdP's schema as a PostgreSQL template for scratch databases (tests, tooling: web's postgres-template.ts):
// a copy starts migrated, as a first start leaves the database before seeding.
import type { ScratchTemplate } from '@samlbridge/web';
import { createStore } from './index.js';
import { namedMigrations } from './migrations/index.js';

export const idpStoreTemplate: ScratchTemplate = {
  name: 'idp_template',
  key: namedMigrations.map((m) => m.name).join('\n'),
  async build(url) {
    await (await createStore({ kind: 'postgres', url, poolSize: 1 })).close();
  },
};
