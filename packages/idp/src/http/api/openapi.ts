// OpenAPI 3.1 description of the admin API (DESIGN §2: served at /api/openapi.json).
import { EVENT_TYPES } from '../../services/events.js';
import { identityManagementPaths, identityManagementSchemas } from './identity-management-openapi.js';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema) => ({ content: { 'application/json': { schema } } });
const ok = (description: string, schema?: Schema) => ({ description, ...(schema ? json(schema) : {}) });
const ERRORS = {
  400: ok('Validation failed: every field problem is listed in `details`', ref('Error')),
  401: ok('Missing or invalid x-api-key', ref('Error')),
  404: ok('Not found', ref('Error')),
  409: ok('Conflict (name/username/email taken, or the SSO IdP URL is immutable)', ref('Error')),
};
/** The error responses one operation can return (every operation needs the API key: 401). */
const errors = (...codes: (400 | 404 | 409)[]) => ({
  401: ERRORS[401],
  ...Object.fromEntries(codes.sort().map((code) => [code, ERRORS[code]])),
});
/** Reading one resource by ID. */
const readOne = errors(404);
/** Paged lists: limit/offset are validated. */
const listing = errors(400);
/** Creating: invalid fields, or a name already taken. */
const creating = errors(400, 409);
/** Editing one resource: invalid fields, unknown ID, name taken. */
const editing = errors(400, 404, 409);
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
const noContent = (...codes: (400 | 404 | 409)[]) => ({ 204: { description: 'Done' }, ...errors(...codes) });
const idList = (name: string): Schema => ({
  type: 'object',
  required: [name],
  properties: { [name]: { type: 'array', items: { type: 'string' } } },
});

/** issue 6: per-application signed AuthnRequests (SAML applications only; returned by GET/POST/PATCH of one application). */
const requestSigningProperties = {
  requireSignedRequests: {
    type: 'boolean',
    description:
      'Refuse AuthnRequests not signed with spCertificatePem (403 request_signature_required / _invalid). Needs spCertificatePem',
  },
  spCertificatePem: {
    type: 'string',
    description: "The SP's request-signing certificate(s), PEM; two blocks during a rotation. '' or null → none",
  },
  allowSha1: { type: 'boolean', description: 'Also accept RSA-SHA1 request signatures (default false)' },
};

export function openApiDocument(baseUrl: string): Schema {
  const str = { type: 'string' };
  const eventType = { enum: [...EVENT_TYPES], description: 'Directory Insights event type (domain.ts EventType)' };
  return {
    openapi: '3.1.0',
    info: { title: 'samlbridge IdP admin API', version: '0.1.0' },
    servers: [{ url: `${baseUrl}/api` }],
    security: [{ apiKey: [] }],
    paths: {
      ...identityManagementPaths(),
      '/users': {
        get: { summary: 'List users', parameters: paging, responses: { 200: ok('Users', page('User')), ...listing } },
        post: {
          summary: 'Create a user',
          requestBody: json(ref('UserInput')),
          responses: { 201: ok('Created', ref('User')), ...creating },
        },
      },
      '/users/{id}': {
        get: { parameters: [id('id')], responses: { 200: ok('User', ref('User')), ...readOne } },
        patch: { parameters: [id('id')], requestBody: json(ref('UserPatch')), responses: { 200: ok('Updated', ref('User')), ...editing } },
        delete: { parameters: [id('id')], responses: noContent(404) },
      },
      '/users/{id}/password': {
        put: {
          parameters: [id('id')],
          requestBody: json({ type: 'object', required: ['password'], properties: { password: { type: 'string', minLength: 8 } } }),
          responses: noContent(400, 404),
        },
      },
      '/users/{id}/suspend': {
        post: {
          summary: 'Suspend (sign-in refused)',
          parameters: [id('id')],
          responses: { 200: ok('Suspended', ref('User')), ...readOne },
        },
      },
      '/users/{id}/activate': {
        post: { summary: 'Activate again', parameters: [id('id')], responses: { 200: ok('Active', ref('User')), ...readOne } },
      },
      '/groups': {
        get: { parameters: paging, responses: { 200: ok('Groups', page('Group')), ...listing } },
        post: { requestBody: json(ref('GroupInput')), responses: { 201: ok('Created', ref('Group')), ...creating } },
      },
      '/groups/{id}': {
        get: { parameters: [id('id')], responses: { 200: ok('Group with memberIds', ref('Group')), ...readOne } },
        patch: {
          summary: 'Rename / re-describe (names are unique, case-insensitive)',
          parameters: [id('id')],
          requestBody: json({ type: 'object', properties: { name: str, description: str } }),
          responses: { 200: ok('Updated', ref('Group')), ...editing },
        },
        delete: { parameters: [id('id')], responses: noContent(404) },
      },
      '/groups/{id}/members': {
        get: {
          parameters: [id('id')],
          responses: {
            200: ok('Members', { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('User') } } }),
            ...readOne,
          },
        },
      },
      '/groups/{id}/members/{userId}': {
        put: { summary: 'Add a member (idempotent)', parameters: [id('id'), id('userId')], responses: noContent(404) },
        delete: { summary: 'Remove a member', parameters: [id('id'), id('userId')], responses: noContent(404) },
      },
      '/groups/{id}/applications': {
        get: {
          summary: 'Applications the group is bound to',
          parameters: [id('id')],
          responses: { 200: ok('Bound', idList('applicationIds')), ...readOne },
        },
        put: {
          summary: 'Bind exactly these applications (the group panel)',
          parameters: [id('id')],
          requestBody: json(idList('applicationIds')),
          responses: { 200: ok('Bound', idList('applicationIds')), ...errors(400, 404) },
        },
      },
      '/catalog': {
        get: {
          summary: 'Application catalog (TalentLMS, Custom SAML App, Bookmark, …)',
          parameters: [{ name: 'q', in: 'query', schema: str }],
          responses: {
            200: ok('Catalog entries', {
              type: 'object',
              required: ['items'],
              properties: { items: { type: 'array', items: ref('CatalogEntry') } },
            }),
            ...errors(),
          },
        },
      },
      '/applications': {
        get: { parameters: paging, responses: { 200: ok('Applications', page('Application')), ...listing } },
        post: {
          summary: 'Create from a catalog entry (the template may hold YOURDOMAIN/SUBDOMAIN placeholders)',
          requestBody: json(ref('ApplicationInput')),
          responses: { 201: ok('Created', ref('Application')), ...creating },
        },
      },
      '/applications/delete': {
        post: {
          summary: 'Delete several applications: `count` must equal the number of IDs (their bindings go too)',
          requestBody: json({
            type: 'object',
            required: ['ids', 'count'],
            properties: { ids: { type: 'array', items: str, minItems: 1 }, count: { type: ['integer', 'string'] } },
          }),
          responses: {
            200: ok('Deleted', { type: 'object', required: ['deleted'], properties: { deleted: { type: 'integer' } } }),
            ...errors(400, 404),
          },
        },
      },
      '/applications/{id}': {
        get: { parameters: [id('id')], responses: { 200: ok('Application with groupIds', ref('Application')), ...readOne } },
        patch: {
          summary:
            'Edit general info or SSO settings. The SSO IdP URL (name/ssoUrl) is immutable (409 sso_url_immutable); SSO settings with placeholders left get 400 placeholders_remain',
          parameters: [id('id')],
          requestBody: json(ref('ApplicationInput')),
          responses: { 200: ok('Updated', ref('Application')), ...editing },
        },
        delete: { parameters: [id('id')], responses: noContent(404) },
      },
      '/applications/{id}/deactivate': {
        post: {
          summary: 'Deactivate SSO / Bookmark (the application stays)',
          parameters: [id('id')],
          responses: { 200: ok('Deactivated', ref('Application')), ...readOne },
        },
      },
      '/applications/{id}/activate': {
        post: { summary: 'Activate again', parameters: [id('id')], responses: { 200: ok('Active', ref('Application')), ...readOne } },
      },
      '/applications/{id}/bindings': {
        put: {
          summary: 'Bind exactly these groups (the "User Groups" tab)',
          parameters: [id('id')],
          requestBody: json(idList('groupIds')),
          responses: { 200: ok('Bound', idList('groupIds')), ...errors(400, 404) },
        },
      },
      '/applications/{id}/bindings/{groupId}': {
        put: {
          summary: 'Bind a group (its members may launch the application)',
          parameters: [id('id'), id('groupId')],
          responses: noContent(404),
        },
        delete: { summary: 'Unbind a group', parameters: [id('id'), id('groupId')], responses: noContent(404) },
      },
      '/applications/{id}/certificate': {
        get: {
          summary: 'IdP signing certificate, fingerprints and the values the TalentLMS SSO page needs',
          parameters: [id('id')],
          responses: { 200: ok('IdP signing certificate', ref('Certificate')), ...readOne },
        },
      },
      '/events': {
        get: {
          summary: 'Directory Insights: audit events, newest first',
          parameters: [
            { name: 'type', in: 'query', schema: eventType },
            ...['application', 'user'].map((name) => ({ name, in: 'query', schema: str })),
            { name: 'success', in: 'query', schema: { type: 'boolean' } },
            { name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' } },
            { name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' } },
            ...paging,
          ],
          responses: { 200: ok('Events', page('Event')), ...listing },
        },
      },
    },
    components: {
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
      schemas: {
        ...identityManagementSchemas,
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
          required: ['id', 'username', 'email', 'status'],
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
        Group: {
          type: 'object',
          required: ['id', 'name', 'description'],
          properties: {
            id: str,
            name: str,
            description: str,
            createdAt: { type: 'string', format: 'date-time' },
            memberIds: { type: 'array', items: str },
          },
        },
        GroupInput: { type: 'object', required: ['name'], properties: { name: str, description: str } },
        AttributeMapping: {
          type: 'object',
          required: ['name', 'source'],
          properties: {
            name: str,
            source: { enum: ['username', 'email', 'firstName', 'lastName', 'id', 'constant'] },
            value: { type: 'string', description: 'only for source "constant"' },
          },
        },
        ApplicationInput: {
          type: 'object',
          properties: {
            catalog: { type: 'string', description: 'catalog entry (create only; default custom-saml)' },
            name: {
              type: 'string',
              pattern: '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$',
              description: '{applicationname} of the SSO IdP URL; derived from displayLabel when absent; not editable',
            },
            ssoUrl: { type: 'string', description: 'alternative to name: the whole SSO IdP URL; not editable' },
            displayLabel: str,
            description: str,
            image: { type: ['string', 'null'], description: 'icon:<name> or data:image/(png|jpeg|svg+xml);base64,… (≤ 64 KiB)' },
            showInConsole: { type: 'boolean' },
            idpEntityId: { type: ['string', 'null'], description: 'null → default {IDP_BASE_URL}/saml2/{name}' },
            spEntityId: str,
            acsUrls: { type: 'array', items: { type: 'string', format: 'uri' }, description: 'http(s); first = default ACS' },
            defaultRelayState: str,
            nameIdSource: { enum: ['username', 'email', 'id'] },
            nameIdFormat: str,
            signing: { enum: ['both', 'assertion', 'response'] },
            signatureAlgorithm: { enum: ['rsa-sha256', 'rsa-sha512', 'rsa-sha1'] },
            attributes: { type: 'array', items: ref('AttributeMapping') },
            groupAttribute: { type: ['string', 'null'] },
            bookmarkUrl: { type: 'string', format: 'uri', description: 'bookmark applications only' },
            ssoActive: { type: 'boolean' },
            ...requestSigningProperties,
          },
        },
        Application: {
          type: 'object',
          required: ['id', 'kind', 'name', 'displayLabel', 'ssoUrl', 'idpEntityId', 'acsUrls', 'attributes', 'ssoActive', 'showInConsole'],
          properties: {
            id: str,
            kind: { enum: ['saml', 'bookmark'] },
            catalogId: str,
            name: str,
            displayLabel: str,
            description: str,
            image: { type: ['string', 'null'] },
            showInConsole: { type: 'boolean' },
            idpEntityId: str,
            idpEntityIdIsDefault: { type: 'boolean' },
            ssoUrl: str,
            metadataUrl: str,
            spEntityId: str,
            acsUrls: { type: 'array', items: str },
            defaultRelayState: str,
            nameIdSource: { enum: ['username', 'email', 'id'] },
            nameIdFormat: str,
            signing: { enum: ['both', 'assertion', 'response'] },
            signatureAlgorithm: { enum: ['rsa-sha256', 'rsa-sha512', 'rsa-sha1'] },
            attributes: { type: 'array', items: ref('AttributeMapping') },
            groupAttribute: { type: ['string', 'null'] },
            bookmarkUrl: { type: ['string', 'null'] },
            ssoActive: { type: 'boolean' },
            ...requestSigningProperties,
            groupIds: { type: 'array', items: str, description: 'GET /applications/{id} only' },
            createdAt: { type: 'string', format: 'date-time' },
            updatedAt: { type: 'string', format: 'date-time' },
          },
        },
        CatalogEntry: {
          type: 'object',
          required: ['id', 'kind', 'label'],
          properties: {
            id: str,
            kind: { enum: ['saml', 'bookmark'] },
            label: str,
            description: str,
            image: str,
            suggestedName: str,
            defaults: { type: 'object' },
          },
        },
        Certificate: {
          type: 'object',
          required: ['pem', 'sha1', 'sha256', 'notAfter', 'talentlms'],
          properties: {
            pem: str,
            sha1: str,
            sha256: str,
            notAfter: { type: 'string', format: 'date-time' },
            talentlms: {
              type: 'object',
              required: ['identityProvider', 'certificateFingerprint', 'remoteSignInUrl', 'remoteSignOutUrl'],
              properties: {
                identityProvider: str,
                certificateFingerprint: str,
                remoteSignInUrl: str,
                remoteSignOutUrl: str,
                targetedId: { type: ['string', 'null'] },
                firstName: { type: ['string', 'null'] },
                lastName: { type: ['string', 'null'] },
                email: { type: ['string', 'null'] },
              },
            },
          },
        },
        Event: {
          type: 'object',
          properties: {
            id: str,
            time: { type: 'string', format: 'date-time' },
            type: eventType,
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
