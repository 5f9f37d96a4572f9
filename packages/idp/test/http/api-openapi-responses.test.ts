// The OpenAPI document lists every event type and only the responses each operation can return.
import { expect } from 'chai';
import { identityManagementPaths } from '../../src/http/api/identity-management-openapi.js';
import { PROVISIONING_EVENT_TYPES } from '../../src/provisioning/events.js';
import { EVENT_TYPES } from '../../src/services/events.js';
import { apiClient, problems } from '../helpers/api.js';
import { type Harness, startIdp } from '../helpers/harness.js';

const identityManagement = new Set(Object.keys(identityManagementPaths()));

type Operation = { parameters?: { name: string; schema: { enum?: string[] } }[]; responses: Record<string, unknown> };

describe('admin API: OpenAPI events and responses', () => {
  let h: Harness;
  let paths: Record<string, Record<string, Operation>>;
  let schemas: Record<string, { properties: Record<string, { enum?: string[] }> }>;
  before(async () => {
    h = await startIdp();
    const doc = (await (await fetch(`${h.url}/api/openapi.json`)).json()) as {
      paths: typeof paths;
      components: { schemas: typeof schemas };
    };
    paths = doc.paths;
    schemas = doc.components.schemas;
  });
  after(() => h.close());

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

  it('documents no 409 on a GET of the admin API, and no 400 on reading one resource by ID', () => {
    for (const [path, item] of Object.entries(paths)) {
      if (identityManagement.has(path)) continue; // documented by identity-management-openapi.ts
      const get = item.get;
      if (!get) continue;
      expect(Object.keys(get.responses), `GET ${path}`).not.to.include('409');
      if (path.endsWith('{id}')) expect(Object.keys(get.responses), `GET ${path}`).not.to.include('400');
      expect(Object.keys(get.responses), `GET ${path}`).to.include('401');
    }
  });

  it('documents 409 where a name can be taken and 404 where an ID is read', () => {
    expect(paths['/users']?.post?.responses).to.have.keys('201', '400', '401', '409');
    expect(paths['/applications/{id}']?.patch?.responses).to.have.keys('200', '400', '401', '404', '409');
    expect(paths['/applications/{id}']?.delete?.responses).to.have.keys('204', '401', '404');
    expect(paths['/events']?.get?.responses).to.have.keys('200', '400', '401');
  });
});
