// "Encrypt assertion" for one application: validation of the SP's encryption certificate (readable X.509, an RSA
// key, within its validity period) and of the chosen xmlenc algorithms. CBC is accepted only when chosen.
import { X509Certificate } from 'node:crypto';
import type { AssertionEncryption, BlockEncryption, KeyTransport } from '@samlbridge/protocol';
import type { Clock } from '@samlbridge/web';
import type { Application } from '../domain.js';
import { type AssertionEncryptionSettings, NO_ASSERTION_ENCRYPTION } from '../store/assertion-encryption.js';
import type { Store } from '../store/types.js';
import { notFound, Validator } from './validation.js';

export const BLOCK_ENCRYPTIONS: readonly BlockEncryption[] = ['aes256-gcm', 'aes128-gcm', 'aes256-cbc', 'aes128-cbc'];
export const KEY_TRANSPORTS: readonly KeyTransport[] = ['rsa-oaep-mgf1p', 'rsa-oaep-sha256'];
const FIELDS = ['encryptAssertion', 'spEncryptionCertificatePem', 'blockEncryption', 'keyTransport'];
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** A sentence for the admin when `pem` cannot receive encrypted assertions at `now`; undefined when it can. */
export function encryptionCertificateProblem(pem: string, now: Date): string | undefined {
  const blocks = pem.match(PEM_BLOCK) ?? [];
  if (blocks.length !== 1 || pem.replace(PEM_BLOCK, '').trim() !== '') {
    return 'must be exactly one PEM certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----): the encryption certificate from the SP metadata';
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(blocks[0] as string);
  } catch {
    return 'is not a readable X.509 certificate';
  }
  if (cert.publicKey.asymmetricKeyType !== 'rsa') {
    return `holds a ${cert.publicKey.asymmetricKeyType ?? 'non-RSA'} key: assertions are encrypted with RSA-OAEP, which needs an RSA certificate`;
  }
  if (now.getTime() > new Date(cert.validTo).getTime())
    return `expired on ${new Date(cert.validTo).toISOString()}: ask the SP for its current encryption certificate`;
  if (now.getTime() < new Date(cert.validFrom).getTime()) return `is not valid before ${new Date(cert.validFrom).toISOString()}`;
  return undefined;
}

/** What the Response builder needs, or undefined when the application does not encrypt. */
export function toAssertionEncryption(s: AssertionEncryptionSettings | undefined): AssertionEncryption | undefined {
  if (!s?.encryptAssertion) return undefined;
  return { certificatePem: s.spEncryptionCertificatePem, blockEncryption: s.blockEncryption, keyTransport: s.keyTransport };
}

export function createAssertionEncryptionService(store: Store, clock: Clock) {
  /** By ID, or by its name (`/saml2/{name}`), as the Identity Management routes take it. */
  async function requireSamlApplication(idOrName: string) {
    const app = (await store.applications.get(idOrName)) ?? (await store.applications.findByName(idOrName));
    if (!app) throw notFound('application', idOrName);
    return app;
  }
  /** The settings after this partial change (absent fields keep their value); refuses what cannot encrypt. */
  async function validated(app: Application, input: unknown): Promise<AssertionEncryptionSettings> {
    const current = (await store.assertionEncryption.get(app.id)) ?? NO_ASSERTION_ENCRYPTION;
    const v = Validator.of(input);
    v.rejectUnknown(FIELDS);
    if (app.kind !== 'saml') v.problem('encryptAssertion', 'only applies to SAML applications');
    const pem = v.string('spEncryptionCertificatePem', { max: 64 * 1024 });
    const block = v.string('blockEncryption', { max: 32 });
    const transport = v.string('keyTransport', { max: 32 });
    if (block !== undefined && !BLOCK_ENCRYPTIONS.includes(block as BlockEncryption)) {
      v.problem('blockEncryption', `must be one of ${BLOCK_ENCRYPTIONS.join(', ')} (CBC only for SPs that cannot do GCM)`);
    }
    if (transport !== undefined && !KEY_TRANSPORTS.includes(transport as KeyTransport)) {
      v.problem('keyTransport', `must be one of ${KEY_TRANSPORTS.join(', ')}`);
    }
    const next: AssertionEncryptionSettings = {
      encryptAssertion: v.boolean('encryptAssertion') ?? current.encryptAssertion,
      spEncryptionCertificatePem: pem === undefined ? current.spEncryptionCertificatePem : pem.trim(),
      blockEncryption: (block as BlockEncryption | undefined) ?? current.blockEncryption,
      keyTransport: (transport as KeyTransport | undefined) ?? current.keyTransport,
    };
    if (next.spEncryptionCertificatePem !== '') {
      const problem = encryptionCertificateProblem(next.spEncryptionCertificatePem, clock.now());
      if (problem) v.problem('spEncryptionCertificatePem', problem);
    } else if (next.encryptAssertion) {
      v.problem(
        'spEncryptionCertificatePem',
        "is required to encrypt assertions: paste the SP's encryption certificate (from its metadata)",
      );
    }
    v.done();
    return next;
  }
  return {
    async get(applicationId: string): Promise<AssertionEncryptionSettings> {
      const app = await requireSamlApplication(applicationId);
      return (await store.assertionEncryption.get(app.id)) ?? NO_ASSERTION_ENCRYPTION;
    },

    /** The settings `input` would give, validated, without saving (the SSO tab checks before it saves anything). */
    async check(applicationId: string, input: unknown): Promise<AssertionEncryptionSettings> {
      return validated(await requireSamlApplication(applicationId), input);
    },

    /** A partial update: absent fields keep their value. Encrypting needs a usable certificate. */
    async update(applicationId: string, input: unknown): Promise<AssertionEncryptionSettings> {
      const app = await requireSamlApplication(applicationId);
      const next = await validated(app, input);
      await store.assertionEncryption.put(app.id, next);
      return next;
    },
  };
}

export type AssertionEncryptionService = ReturnType<typeof createAssertionEncryptionService>;
