// OpenAPI 3.1 description of the admin API, generated from its route table (served at /api/openapi.json).
import { type ApiRoute, openApiDocument } from '@samlbridge/web';
import { COMPONENTS } from './schemas/components.js';

export function adminApiDocument(baseUrl: string, routes: readonly ApiRoute[]): Record<string, unknown> {
  return openApiDocument(
    {
      title: 'samlbridge IdP admin API',
      version: '0.1.0',
      servers: [{ url: `${baseUrl}/api` }],
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
      security: ['apiKey'],
      components: COMPONENTS,
    },
    routes,
  );
}
