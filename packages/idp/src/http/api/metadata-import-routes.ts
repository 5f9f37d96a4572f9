// SP metadata import: preview (what changes: field, current, new) and apply.
import { type ApiRoute, route } from '@samlbridge/web';
import type { MetadataImportPlan } from '../../services/sp-metadata-import.js';
import type { IdpDeps } from '../deps.js';
import { ById, errors } from './schemas/common.js';
import { MetadataImportInput, MetadataImportResult } from './schemas/metadata-import.js';

const result = (p: MetadataImportPlan, applied: boolean) => ({
  entityId: p.entityId,
  changes: p.changes,
  notApplied: p.notApplied,
  warnings: p.warnings,
  applied,
});

export function metadataImportRoutes({ services }: IdpDeps): ApiRoute[] {
  const request = { ...ById, body: MetadataImportInput };
  return [
    route(
      'post',
      '/applications/:id/metadata-import/preview',
      "What importing an SP's metadata would change (nothing is saved)",
      request,
    ).ok(MetadataImportResult, 'The changes', errors(400, 404), async ({ params, body }) =>
      result(await services.metadataImport.plan(params.id, body), false),
    ),
    route(
      'post',
      '/applications/:id/metadata-import',
      "Import an SP's metadata: entity ID, ACS URLs (index order), NameID format, request-signing certificates, Single Logout endpoint",
      request,
    ).ok(MetadataImportResult, 'The changes, saved', errors(400, 404), async ({ params, body }) =>
      result((await services.metadataImport.apply(params.id, body)).plan, true),
    ),
  ];
}
