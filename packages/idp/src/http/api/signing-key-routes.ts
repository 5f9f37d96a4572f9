// The IdP's signing keys: list, generate the next key, activate it, retire the previous one (keys/keyring.ts).
import { type ApiRoute, route } from '@samlbridge/web';
import type { SigningKeyView } from '../../keys/keyring.js';
import { WARN_DAYS } from '../admin/certificate-panel.js';
import type { IdpDeps } from '../deps.js';
import { ById, errors } from './schemas/common.js';
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
  const json = async (key: Promise<SigningKeyView>) => signingKeyJson(await key, clock.now());
  return [
    route('get', '/signing-keys', 'IdP signing keys: the active one first, then the next or previous one, then retired ones').ok(
      SigningKeyList,
      'Signing keys',
      errors(),
      async () => ({ items: (await keys.list()).map((k) => signingKeyJson(k, clock.now())) }),
    ),
    route(
      'post',
      '/signing-keys',
      'Generate the next signing key: published in every metadata document at once, signs only after activation',
    ).created(SigningKey, 'The next key', errors(409), () => json(keys.generateNext(INITIATOR))),
    route(
      'post',
      '/signing-keys/:id/activate',
      'Activate the next (or previous) key: it signs from now on; the key that signed stays published as previous',
      ById,
    ).ok(SigningKey, 'The active key', errors(404, 409), ({ params }) => json(keys.activate(params.id, INITIATOR))),
    route(
      'post',
      '/signing-keys/:id/retire',
      'Retire the previous (or an unused next) key: no longer published, its private key erased',
      ById,
    ).ok(SigningKey, 'The retired key', errors(404, 409), ({ params }) => json(keys.retire(params.id, INITIATOR))),
  ];
}
