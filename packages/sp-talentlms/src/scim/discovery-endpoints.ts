// Discovery (RFC 7644 §4): /ServiceProviderConfig, /ResourceTypes, /Schemas (ListResponses, and by id).
import type { Middleware } from 'koa';
import { scimNotFound } from './errors.js';
import { scimBase, send } from './respond.js';
import { listResponse, resourceTypeDocuments, schemaDocuments, serviceProviderConfig } from './schemas.js';

const DOCS = 'https://tools.ietf.org/html/rfc7644';

export function discoveryEndpoints() {
  const spConfig: Middleware = async function spConfig(ctx) {
    send(ctx, 200, serviceProviderConfig(scimBase(ctx), DOCS));
  };
  const resourceTypes: Middleware = async function resourceTypes(ctx) {
    const docs = resourceTypeDocuments(scimBase(ctx));
    send(ctx, 200, listResponse(docs, docs.length, 1));
  };
  const resourceType: Middleware = async function resourceType(ctx) {
    const doc = resourceTypeDocuments(scimBase(ctx)).find((d) => d.id.toLowerCase() === String(ctx.params.id).toLowerCase());
    if (!doc) throw scimNotFound(`ResourceType ${String(ctx.params.id).slice(0, 64)}`);
    send(ctx, 200, doc);
  };
  const schemas: Middleware = async function schemas(ctx) {
    const docs = schemaDocuments(scimBase(ctx));
    send(ctx, 200, listResponse(docs, docs.length, 1));
  };
  const schema: Middleware = async function schema(ctx) {
    const doc = schemaDocuments(scimBase(ctx)).find((d) => d.id.toLowerCase() === String(ctx.params.id).toLowerCase());
    if (!doc) throw scimNotFound(`Schema ${String(ctx.params.id).slice(0, 200)}`);
    send(ctx, 200, doc);
  };
  return { spConfig: [spConfig], resourceTypes: [resourceTypes], resourceType: [resourceType], schemas: [schemas], schema: [schema] };
}
