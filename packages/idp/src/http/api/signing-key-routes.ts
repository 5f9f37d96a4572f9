// The IdP's signing keys: list, generate the next key, activate it, retire the previous one (keys/keyring.ts).
import { type ApiRoute, apiRoute } from '@samlbridge/web';
import type { SigningKeyView } from '../../keys/keyring.js';
import { WARN_DAYS } from '../admin/certificate-panel.js';
import type { IdpDeps } from '../deps.js';
import { errors, IdParams } from './schemas/common.js';
import { SigningKey, SigningKeyList } from './schemas/signing-keys.js';

const DAY = 24 * 3600 * 1000;
const INITIATOR = 'admin-api';

export function signingKeyJson(k: SigningKeyView, now: Date) {
  return {
    id: k.id,
    state: k.state,
    pem: k.certificatePem,
    sha1: k.fingerprints.sha1,
    sha256: k.fingerprints.sha256,
    notAfter: k.notAfter.toISOString(),
    expiresWithin30Days: k.notAfter.getTime() - now.getTime() <= WARN_DAYS * DAY,
    expired: k.notAfter.getTime() <= now.getTime(),
    createdAt: k.createdAt.toISOString(),
    activatedAt: k.activatedAt?.toISOString() ?? null,
    retiredAt: k.retiredAt?.toISOString() ?? null,
  };
}

export function signingKeyRoutes({ keys, clock }: IdpDeps): ApiRoute[] {
  return [
    apiRoute({
      method: 'get',
      path: '/signing-keys',
      summary: 'IdP signing keys: the active one first, then the next or previous one, then retired ones',
      responses: { 200: { description: 'Signing keys', schema: SigningKeyList }, ...errors() },
      handle: async () => ({ status: 200, body: { items: (await keys.list()).map((k) => signingKeyJson(k, clock.now())) } }),
    }),
    apiRoute({
      method: 'post',
      path: '/signing-keys',
      summary: 'Generate the next signing key: published in every metadata document at once, signs only after activation',
      responses: { 201: { description: 'The next key', schema: SigningKey }, ...errors(409) },
      handle: async () => ({ status: 201, body: signingKeyJson(await keys.generateNext(INITIATOR), clock.now()) }),
    }),
    apiRoute({
      method: 'post',
      path: '/signing-keys/:id/activate',
      summary: 'Activate the next (or previous) key: it signs from now on; the key that signed stays published as previous',
      params: IdParams,
      responses: { 200: { description: 'The active key', schema: SigningKey }, ...errors(404, 409) },
      handle: async ({ params }) => ({ status: 200, body: signingKeyJson(await keys.activate(params.id, INITIATOR), clock.now()) }),
    }),
    apiRoute({
      method: 'post',
      path: '/signing-keys/:id/retire',
      summary: 'Retire the previous (or an unused next) key: no longer published, its private key erased',
      params: IdParams,
      responses: { 200: { description: 'The retired key', schema: SigningKey }, ...errors(404, 409) },
      handle: async ({ params }) => ({ status: 200, body: signingKeyJson(await keys.retire(params.id, INITIATOR), clock.now()) }),
    }),
  ];
}
