// Signing material generated once per test process (RSA generation is the slow part).
import { generateSigningMaterial, type SigningMaterial } from '@samlbridge/certs';

let idp: SigningMaterial | undefined;
let other: SigningMaterial | undefined;

/** The key the SP is configured to trust. */
export function idpKeys(): SigningMaterial {
  idp ??= generateSigningMaterial({ commonName: 'test-idp' });
  return idp;
}

/** "Another key": a well-formed certificate the SP does not trust. */
export function otherKeys(): SigningMaterial {
  other ??= generateSigningMaterial({ commonName: 'attacker-idp' });
  return other;
}
