// "Encrypt assertion" of one application (saml-core §2.3.4, xmlenc-core1): GET returns it, PUT changes the given fields.
import { oneOf } from '@samlbridge/web';
import { Type } from '@sinclair/typebox';

const BLOCK = oneOf(['aes256-gcm', 'aes128-gcm', 'aes256-cbc', 'aes128-cbc'], {
  description: 'AES-256-GCM by default; aes256-cbc / aes128-cbc only for old SPs that cannot decrypt GCM',
});
const TRANSPORT = oneOf(['rsa-oaep-mgf1p', 'rsa-oaep-sha256'], {
  description: 'RSA-OAEP key transport: rsa-oaep-mgf1p (SHA-1, every SP) or xmlenc 1.1 rsa-oaep with SHA-256',
});

export const AssertionEncryption = Type.Object({
  encryptAssertion: Type.Boolean({ description: 'sign the assertion, then encrypt it as saml:EncryptedAssertion' }),
  spEncryptionCertificatePem: Type.String({ description: "the SP's encryption certificate (PEM), '' when none" }),
  blockEncryption: BLOCK,
  keyTransport: TRANSPORT,
});

export const AssertionEncryptionInput = Type.Object(
  {
    encryptAssertion: Type.Optional(Type.Boolean()),
    spEncryptionCertificatePem: Type.Optional(
      Type.String({ maxLength: 64 * 1024, description: 'one PEM certificate: readable X.509, RSA key, not expired' }),
    ),
    blockEncryption: Type.Optional(BLOCK),
    keyTransport: Type.Optional(TRANSPORT),
  },
  { additionalProperties: false },
);
