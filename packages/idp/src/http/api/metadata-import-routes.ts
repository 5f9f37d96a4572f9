// SP metadata import: preview (what changes: field, current, new) and apply.
import { type ApiRoute, apiRoute } from '@samlbridge/web';
import type { MetadataImportPlan } from '../../services/sp-metadata-import.js';
import type { IdpDeps } from '../deps.js';
import { errors, IdParams } from './schemas/common.js';
import { MetadataImportInput, MetadataImportResult } from './schemas/metadata-import.js';

const result = (p: MetadataImportPlan, applied: boolean) => ({
  entityId: p.entityId,
  changes: p.changes,
  notApplied: p.notApplied,
  warnings: p.warnings,
  applied,
});

export function metadataImportRoutes({ services }: IdpDeps): ApiRoute[] {
  return [
    apiRoute({
      method: 'post',
      path: '/applications/:id/metadata-import/preview',
      summary: "What importing an SP's metadata would change (nothing is saved)",
      params: IdParams,
      body: MetadataImportInput,
      responses: { 200: { description: 'The changes', schema: MetadataImportResult }, ...errors(400, 404) },
      handle: async ({ params, body }) => ({ status: 200, body: result(await services.metadataImport.plan(params.id, body), false) }),
    }),
    apiRoute({
      method: 'post',
      path: '/applications/:id/metadata-import',
      summary:
        "Import an SP's metadata: entity ID, ACS URLs (index order), NameID format, request-signing certificates, Single Logout endpoint",
      params: IdParams,
      body: MetadataImportInput,
      responses: { 200: { description: 'The changes, saved', schema: MetadataImportResult }, ...errors(400, 404) },
      handle: async ({ params, body }) => ({
        status: 200,
        body: result((await services.metadataImport.apply(params.id, body)).plan, true),
      }),
    }),
  ];
}
