// The SSO response step after signing: the application's "Encrypt assertion" setting as the builder's
// `encryptAssertion` input (saml-core §6.2: the builder signs the assertion, then encrypts it).
import type { ResponseInput } from '@samlbridge/protocol';
import type { ResolvedApplication } from '../../domain.js';
import { toAssertionEncryption } from '../../services/assertion-encryption.js';
import type { IdpDeps } from '../deps.js';

export async function assertionEncryptionOf(
  { configCache }: IdpDeps,
  app: ResolvedApplication,
): Promise<Pick<ResponseInput, 'encryptAssertion'>> {
  const encryption = toAssertionEncryption(await configCache.assertionEncryption(app.id));
  return encryption ? { encryptAssertion: encryption } : {};
}
