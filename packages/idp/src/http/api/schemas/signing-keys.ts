// The IdP's signing keys and their staged rotation (keys/keyring.ts).
import { dateTime, nullable, oneOf } from '@samlbridge/web';
import { Type } from '@sinclair/typebox';

export const SigningKey = Type.Object({
  id: Type.String(),
  state: oneOf(['next', 'active', 'previous', 'retired'], {
    description:
      'next: published in the metadata, does not sign yet; active: signs every Response; previous: published, no longer signs; retired: not published, private key erased',
  }),
  pem: Type.String({ description: 'The X.509 certificate (PEM)' }),
  sha1: Type.String({ pattern: '^([0-9A-F]{2}:){19}[0-9A-F]{2}$' }),
  sha256: Type.String({ pattern: '^([0-9A-F]{2}:){31}[0-9A-F]{2}$' }),
  notAfter: dateTime(),
  expiresWithin30Days: Type.Boolean({ description: 'true from 30 days before notAfter (and after it)' }),
  expired: Type.Boolean({
    description: 'true once notAfter has passed: service providers refuse what this certificate signs (rotate now)',
  }),
  createdAt: dateTime(),
  activatedAt: nullable(dateTime()),
  retiredAt: nullable(dateTime()),
});

export const SigningKeyList = Type.Object({ items: Type.Array(SigningKey) });
