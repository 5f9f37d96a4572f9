import { randomBytes } from 'node:crypto';

/** A fresh xs:ID (saml-core §1.3.4: ≥128 bits of randomness; xs:ID is an NCName so it must not start with a digit). */
export function newSamlId(): string {
  return `_${randomBytes(20).toString('hex')}`;
}

/** saml-core §1.3.3: UTC xs:dateTime with `Z`; we drop the milliseconds. */
export function toSamlInstant(date: Date): string {
  const t = date.getTime();
  if (!Number.isFinite(t)) throw new RangeError('toSamlInstant: invalid Date');
  return `${new Date(t - (((t % 1000) + 1000) % 1000)).toISOString().slice(0, 19)}Z`;
}
