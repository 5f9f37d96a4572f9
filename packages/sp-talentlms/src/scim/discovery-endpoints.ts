// Discovery (RFC 7644 §4): /ServiceProviderConfig, /ResourceTypes, /Schemas (ListResponses, and by id).
import type { Middleware } from 'koa';
import { scimNotFound } from './errors.js';
import { scimBase, send } from './respond.js';
import { listResponse, resourceTypeDocuments, schemaDocuments, serviceProviderConfig } from './schemas.js';

const DOCS = 'https://tools.ietf.org/html/rfc7644';

/** A discovery collection (RFC 7644 §4): all of it as a ListResponse, or one document by id (case-insensitive). */
function collection(kind: string, documents: (base: string) => { id: string }[], shownIdLength: number): [Middleware, Middleware] {
  const all: Middleware = async (ctx) => {
    const docs = documents(scimBase(ctx));
    send(ctx, 200, listResponse(docs, docs.length, 1));
  };
  const one: Middleware = async (ctx) => {
    const doc = documents(scimBase(ctx)).find((d) => d.id.toLowerCase() === String(ctx.params.id).toLowerCase());
    if (!doc) throw scimNotFound(`${kind} ${String(ctx.params.id).slice(0, shownIdLength)}`);
    send(ctx, 200, doc);
  };
  return [all, one];
}

export function discoveryEndpoints() {
  const spConfig: Middleware = async function spConfig(ctx) {
    send(ctx, 200, serviceProviderConfig(scimBase(ctx), DOCS));
  };
  const [resourceTypes, resourceType] = collection('ResourceType', resourceTypeDocuments, 64);
  const [schemas, schema] = collection('Schema', schemaDocuments, 200);
  return { spConfig: [spConfig], resourceTypes: [resourceTypes], resourceType: [resourceType], schemas: [schemas], schema: [schema] };
}
