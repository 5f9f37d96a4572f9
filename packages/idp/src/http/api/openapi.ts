// OpenAPI 3.1 description of the admin API (DESIGN §2: served at /api/openapi.json).
type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema) => ({ content: { 'application/json': { schema } } });
const ok = (description: string, schema?: Schema) => ({ description, ...(schema ? json(schema) : {}) });
const errors = {
  400: ok('Validation failed: every field problem is listed in `details`', ref('Error')),
  401: ok('Missing or invalid x-api-key', ref('Error')),
  404: ok('Not found', ref('Error')),
  409: ok('Conflict (name/username/email taken, or the application name is immutable)', ref('Error')),
};
const id = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const paging = [
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
  { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
];
const page = (item: string): Schema => ({
  type: 'object',
  properties: {
    items: { type: 'array', items: ref(item) },
    total: { type: 'integer' },
    limit: { type: 'integer' },
    offset: { type: 'integer' },
  },
});
const noContent = { 204: { description: 'Done' }, ...errors };

export function openApiDocument(baseUrl: string): Schema {
  const str = { type: 'string' };
  return {
    openapi: '3.1.0',
    info: { title: 'samlbridge IdP admin API', version: '0.1.0' },
    servers: [{ url: `${baseUrl}/api` }],
    security: [{ apiKey: [] }],
    paths: {
      '/users': {
        get: { summary: 'List users', parameters: paging, responses: { 200: ok('Users', page('User')), ...errors } },
        post: { summary: 'Create a user', requestBody: json(ref('UserInput')), responses: { 201: ok('Created', ref('User')), ...errors } },
      },
      '/users/{id}': {
        get: { parameters: [id('id')], responses: { 200: ok('User', ref('User')), ...errors } },
        patch: { parameters: [id('id')], requestBody: json(ref('UserPatch')), responses: { 200: ok('Updated', ref('User')), ...errors } },
        delete: { parameters: [id('id')], responses: noContent },
      },
      '/users/{id}/password': {
        put: {
          parameters: [id('id')],
          requestBody: json({ type: 'object', required: ['password'], properties: { password: { type: 'string', minLength: 8 } } }),
          responses: noContent,
        },
      },
      '/groups': {
        get: { parameters: paging, responses: { 200: ok('Groups', page('Group')), ...errors } },
        post: {
          requestBody: json({ type: 'object', required: ['name'], properties: { name: str, description: str } }),
          responses: { 201: ok('Created', ref('Group')), ...errors },
        },
      },
      '/groups/{id}': {
        get: { parameters: [id('id')], responses: { 200: ok('Group with memberIds', ref('Group')), ...errors } },
        delete: { parameters: [id('id')], responses: noContent },
      },
      '/groups/{id}/members/{userId}': {
        put: { summary: 'Add a member (idempotent)', parameters: [id('id'), id('userId')], responses: noContent },
        delete: { summary: 'Remove a member', parameters: [id('id'), id('userId')], responses: noContent },
      },
      '/applications': {
        get: { parameters: paging, responses: { 200: ok('Applications', page('Application')), ...errors } },
        post: { requestBody: json(ref('ApplicationInput')), responses: { 201: ok('Created', ref('Application')), ...errors } },
      },
      '/applications/{id}': {
        get: { parameters: [id('id')], responses: { 200: ok('Application with groupIds', ref('Application')), ...errors } },
        patch: {
          summary: 'Edit an application (its name cannot change: delete and recreate)',
          parameters: [id('id')],
          requestBody: json(ref('ApplicationInput')),
          responses: { 200: ok('Updated', ref('Application')), ...errors },
        },
        delete: { parameters: [id('id')], responses: noContent },
      },
      '/applications/{id}/bindings/{groupId}': {
        put: {
          summary: 'Bind a group (its members may launch the application)',
          parameters: [id('id'), id('groupId')],
          responses: noContent,
        },
        delete: { summary: 'Unbind a group', parameters: [id('id'), id('groupId')], responses: noContent },
      },
      '/applications/{id}/certificate': {
        get: {
          parameters: [id('id')],
          responses: {
            200: ok('IdP signing certificate', {
              type: 'object',
              properties: { pem: str, sha1: str, sha256: str, notAfter: { type: 'string', format: 'date-time' } },
            }),
            ...errors,
          },
        },
      },
      '/events': {
        get: {
          summary: 'Audit events (sso_auth, user_login_attempt, admin_api), newest first',
          parameters: [
            ...['type', 'application', 'user'].map((name) => ({ name, in: 'query', schema: str })),
            { name: 'success', in: 'query', schema: { type: 'boolean' } },
            { name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' } },
            { name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' } },
            ...paging,
          ],
          responses: { 200: ok('Events', page('Event')), ...errors },
        },
      },
    },
    components: {
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error', 'message'],
          properties: {
            error: str,
            message: str,
            details: { type: 'array', items: { type: 'object', properties: { field: str, message: str } } },
          },
        },
        User: {
          type: 'object',
          properties: {
            id: str,
            username: str,
            email: str,
            firstName: str,
            lastName: str,
            status: { enum: ['active', 'suspended'] },
            createdAt: { type: 'string', format: 'date-time' },
            updatedAt: { type: 'string', format: 'date-time' },
          },
        },
        UserInput: {
          type: 'object',
          required: ['username', 'email'],
          properties: {
            username: str,
            email: str,
            firstName: str,
            lastName: str,
            password: { type: 'string', minLength: 8 },
            status: { enum: ['active', 'suspended'] },
          },
        },
        UserPatch: {
          type: 'object',
          properties: { username: str, email: str, firstName: str, lastName: str, status: { enum: ['active', 'suspended'] } },
        },
        Group: { type: 'object', properties: { id: str, name: str, description: str, memberIds: { type: 'array', items: str } } },
        ApplicationInput: {
          type: 'object',
          required: ['name', 'spEntityId', 'acsUrls'],
          properties: {
            name: {
              type: 'string',
              pattern: '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$',
              description: 'URL slug of /saml2/{name}; not editable',
            },
            displayLabel: str,
            description: str,
            idpEntityId: { type: ['string', 'null'], description: 'null → default {IDP_BASE_URL}/saml2/{name}' },
            spEntityId: str,
            acsUrls: { type: 'array', items: { type: 'string', format: 'uri' }, minItems: 1, description: 'first = default ACS' },
            defaultRelayState: str,
            nameIdSource: { enum: ['username', 'email', 'id'] },
            nameIdFormat: str,
            signing: { enum: ['both', 'assertion', 'response'] },
            signatureAlgorithm: { enum: ['rsa-sha256', 'rsa-sha512', 'rsa-sha1'] },
            attributeNames: { type: 'object', properties: { username: str, firstName: str, lastName: str, email: str } },
            ssoActive: { type: 'boolean' },
          },
        },
        Application: {
          allOf: [
            ref('ApplicationInput'),
            {
              type: 'object',
              properties: {
                id: str,
                idpEntityIdIsDefault: { type: 'boolean' },
                ssoUrl: str,
                metadataUrl: str,
                groupIds: { type: 'array', items: str },
              },
            },
          ],
        },
        Event: {
          type: 'object',
          properties: {
            id: str,
            time: { type: 'string', format: 'date-time' },
            type: str,
            initiator: str,
            userId: { type: ['string', 'null'] },
            username: { type: ['string', 'null'] },
            resource: { type: ['string', 'null'] },
            application: { type: ['string', 'null'] },
            success: { type: 'boolean' },
            reason: { type: ['string', 'null'] },
            detail: { type: 'object' },
          },
        },
      },
    },
  };
}
