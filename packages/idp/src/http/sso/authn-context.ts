// Which AuthnContextClassRef an assertion states (saml-core §2.7.2.2), and whether the session satisfies the SP's
// RequestedAuthnContext (saml-core §3.3.2.2.1). The class tells the truth about the session: a password alone is
// PasswordProtectedTransport over TLS (saml-authn-context §3.4.7) or Password on plain http (§3.4.9); a second
// factor in this session makes it the REFEDS MFA profile (https://refeds.org/profile/mfa). A passkey-only sign-in
// (no password; a passkey with user verification: possession plus a PIN or biometric, two factor types) states
// REFEDS MFA and never a password class (SECURITY.md, "Passkeys").
import type { RequestedAuthnContext } from '@samlbridge/protocol';
import { SECOND_FACTOR_METHODS } from '../../mfa/service.js';
import type { SignIn } from '../auth-session.js';

export const AC_PASSWORD = 'urn:oasis:names:tc:SAML:2.0:ac:classes:Password';
export const AC_PASSWORD_PROTECTED_TRANSPORT = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';
export const AC_REFEDS_MFA = 'https://refeds.org/profile/mfa';

/** Relative strength of the classes this IdP knows (others cannot be compared, so never satisfy). */
const STRENGTH: Record<string, number> = { [AC_PASSWORD]: 1, [AC_PASSWORD_PROTECTED_TRANSPORT]: 2, [AC_REFEDS_MFA]: 3 };

export function hasSecondFactor(signIn: Pick<SignIn, 'methods'>): boolean {
  return signIn.methods.some((m) => SECOND_FACTOR_METHODS.includes(m.method));
}

/** The classes the session can truthfully state, weakest first. */
export function achievedClasses(baseUrl: string, signIn: Pick<SignIn, 'methods'>): string[] {
  const passwordGiven = signIn.methods.length === 0 || signIn.methods.some((m) => m.method === 'pwd');
  const password = !passwordGiven ? [] : baseUrl.startsWith('https:') ? [AC_PASSWORD, AC_PASSWORD_PROTECTED_TRANSPORT] : [AC_PASSWORD];
  return hasSecondFactor(signIn) ? [...password, AC_REFEDS_MFA] : password;
}

function satisfies(requested: RequestedAuthnContext, classRef: string): boolean {
  if (requested.comparison === 'exact') return requested.classRefs.includes(classRef);
  const known = requested.classRefs.map((c) => STRENGTH[c]).filter((n): n is number => n !== undefined);
  const mine = STRENGTH[classRef];
  if (known.length === 0 || mine === undefined) return false;
  if (requested.comparison === 'minimum') return mine >= Math.min(...known);
  if (requested.comparison === 'better') return mine > Math.min(...known);
  return mine <= Math.max(...known); // maximum
}

export type ContextDecision =
  /** The session satisfies the request: state this class. */
  | { kind: 'satisfied'; classRef: string }
  /** Only a second factor in this session would satisfy it. */
  | { kind: 'step_up' }
  /** Nothing this IdP does can satisfy it (saml-core §3.2.2.2 NoAuthnContext). */
  | { kind: 'unsatisfiable' };

/** What the session needs for this request: the strongest class it achieves that satisfies it, a step-up, or nothing. */
export function decideContext(
  baseUrl: string,
  signIn: Pick<SignIn, 'methods'>,
  requested: RequestedAuthnContext | undefined,
): ContextDecision {
  const achieved = achievedClasses(baseUrl, signIn);
  if (!requested) return { kind: 'satisfied', classRef: achieved[achieved.length - 1] as string };
  const fitting = achieved.filter((c) => satisfies(requested, c));
  if (fitting.length > 0) return { kind: 'satisfied', classRef: fitting[fitting.length - 1] as string };
  if (!hasSecondFactor(signIn) && satisfies(requested, AC_REFEDS_MFA)) return { kind: 'step_up' };
  return { kind: 'unsatisfiable' };
}

/** The assertion's AuthnContextClassRef: the class the SSO step chose, else the strongest the session achieves. */
export function authnContextClassRef(config: { baseUrl: string }, signIn: SignIn): string {
  if (signIn.authnContextClassRef) return signIn.authnContextClassRef;
  const achieved = achievedClasses(config.baseUrl, signIn);
  return achieved[achieved.length - 1] as string;
}
