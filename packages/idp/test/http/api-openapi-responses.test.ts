// The served OpenAPI 3.1 document: generated from the route table, it lists exactly the router's routes, every
// $ref resolves, every event type is an enum value, and each operation documents only the responses it can return.

import { suiteFixture } from '@samlbridge/test-support';
import { openApiProblems } from '@samlbridge/web';
import { expect } from 'chai';
import { apiRouter } from '../../src/http/api/index.js';
import type { IdpDeps } from '../../src/http/deps.js';
import { PROVISIONING_EVENT_TYPES } from '../../src/provisioning/events.js';
import { EVENT_TYPES } from '../../src/services/events.js';
import { apiClient, problems } from '../helpers/api.js';
import { startIdp } from '../helpers/harness.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

type Operation = { parameters?: { name: string; schema: { enum?: string[] } }[]; responses: Record<string, unknown> };

describe('admin API: the OpenAPI document', () => {
  const h = suiteFixture(() => startIdp());
  let doc: Record<string, unknown>;
  let paths: Record<string, Record<string, Operation>>;
  let schemas: Record<string, { properties: Record<string, { enum?: string[] }> }>;
  before(async () => {
    const res = await fetch(`${h.url}/api/openapi.json`);
    expect(res.headers.get('content-type')).to.match(/^application\/json/);
    doc = (await res.json()) as Record<string, unknown>;
    paths = doc.paths as typeof paths;
    schemas = (doc.components as { schemas: typeof schemas }).schemas;
  });

  function routerRoutes(): string[] {
    const deps = { ...h.idp, signer: undefined, clock: undefined } as unknown as IdpDeps;
    const out = new Set<string>();
    for (const layer of apiRouter(deps).stack) {
      const path = String(layer.path)
        .replace(/^\/api/, '')
        .replace(/:(\w+)/g, '{$1}');
      for (const m of layer.methods) if (m !== 'HEAD') out.add(`${m.toLowerCase()} ${path}`);
    }
    return [...out].sort();
  }

  function documentedRoutes(): string[] {
    const out: string[] = [];
    for (const [path, item] of Object.entries(paths)) for (const m of Object.keys(item)) if (METHODS.includes(m)) out.push(`${m} ${path}`);
    return out.sort();
  }

  it('documents every route of the router, and no route the router lacks', () => {
    const routes = routerRoutes();
    expect(routes.length).to.be.greaterThan(40);
    expect(documentedRoutes()).to.deep.equal(routes);
  });

  it('is an OpenAPI 3.1 document whose $refs resolve, path parameters are declared and components are all used', () => {
    expect(doc.openapi).to.equal('3.1.0');
    expect(openApiProblems(doc)).to.deep.equal([]);
  });

  it('lists every event type, provisioning ones included, as the enum of the type filter and of Event.type', () => {
    const filter = paths['/events']?.get?.parameters?.find((p) => p.name === 'type');
    expect(filter?.schema.enum).to.deep.equal([...EVENT_TYPES]);
    expect(schemas.Event?.properties.type?.enum).to.deep.equal([...EVENT_TYPES]);
    expect(EVENT_TYPES).to.include.members(['sso_auth', 'user_login_attempt', 'admin_api', 'admin_portal', ...PROVISIONING_EVENT_TYPES]);
  });

  it('refuses an unknown event type with the list of known ones', async () => {
    const res = await apiClient(h)('GET', '/events?type=sso_authh');
    expect(res.status).to.equal(400);
    expect(problems(res)).to.deep.equal([`type: must be one of: ${EVENT_TYPES.join(', ')}`]);
  });

  it('documents no 409 on a GET of the admin API, no 400 on reading one resource by ID, and 401 everywhere', () => {
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(item)) expect(Object.keys(op.responses), `${method} ${path}`).to.include('401');
      const get = item.get;
      if (!get) continue;
      if (!path.includes('/import')) expect(Object.keys(get.responses), `GET ${path}`).not.to.include('409');
      if (path.endsWith('}')) expect(Object.keys(get.responses), `GET ${path}`).not.to.include('400');
    }
  });

  it('documents 409 where a name can be taken and 404 where an ID is read', () => {
    expect(paths['/users']?.post?.responses).to.have.keys('201', '400', '401', '409');
    expect(paths['/applications/{id}']?.patch?.responses).to.have.keys('200', '400', '401', '404', '409');
    expect(paths['/applications/{id}']?.delete?.responses).to.have.keys('204', '401', '404');
    expect(paths['/events']?.get?.responses).to.have.keys('200', '400', '401');
  });
});
