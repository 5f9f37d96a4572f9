// GET / PUT /applications/{id}/assertion-encryption: the application's "Encrypt assertion" setting.
import { type ApiRoute, apiRoute } from '@samlbridge/web';
import { createAssertionEncryptionService } from '../../services/assertion-encryption.js';
import type { IdpDeps } from '../deps.js';
import { AssertionEncryption, AssertionEncryptionInput } from './schemas/assertion-encryption.js';
import { errors, IdParams } from './schemas/common.js';

export function assertionEncryptionRoutes({ store, clock }: IdpDeps): ApiRoute[] {
  const service = createAssertionEncryptionService(store, clock);
  return [
    apiRoute({
      method: 'get',
      path: '/applications/:id/assertion-encryption',
      summary: 'Whether (and how) the assertion is encrypted for the SP',
      params: IdParams,
      responses: { 200: { description: 'Assertion encryption', schema: AssertionEncryption }, ...errors(404) },
      handle: async ({ params }) => ({ status: 200, body: await service.get(params.id) }),
    }),
    apiRoute({
      method: 'put',
      path: '/applications/:id/assertion-encryption',
      summary: "Encrypt the (signed) assertion with the SP's certificate; fields left out keep their value",
      params: IdParams,
      body: AssertionEncryptionInput,
      responses: { 200: { description: 'Saved', schema: AssertionEncryption }, ...errors(400, 404) },
      handle: async ({ params, body }) => ({ status: 200, body: await service.update(params.id, body) }),
    }),
  ];
}
