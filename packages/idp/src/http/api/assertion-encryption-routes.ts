// GET / PUT /applications/{id}/assertion-encryption: the application's "Encrypt assertion" setting.
import { type ApiRoute, route } from '@samlbridge/web';
import { createAssertionEncryptionService } from '../../services/assertion-encryption.js';
import type { IdpDeps } from '../deps.js';
import { AssertionEncryption, AssertionEncryptionInput } from './schemas/assertion-encryption.js';
import { ById, errors } from './schemas/common.js';

export function assertionEncryptionRoutes({ store, clock }: IdpDeps): ApiRoute[] {
  const service = createAssertionEncryptionService(store, clock);
  const path = '/applications/:id/assertion-encryption';
  return [
    route('get', path, 'Whether (and how) the assertion is encrypted for the SP', ById).ok(
      AssertionEncryption,
      'Assertion encryption',
      errors(404),
      ({ params }) => service.get(params.id),
    ),
    route('put', path, "Encrypt the (signed) assertion with the SP's certificate; fields left out keep their value", {
      ...ById,
      body: AssertionEncryptionInput,
    }).ok(AssertionEncryption, 'Saved', errors(400, 404), ({ params, body }) => service.update(params.id, body)),
  ];
}
