// A TOTP enrolment kept across the set-up page's reloads (user console and admin portal): the pending factor's ID
// lives in the session, so the same QR code is shown again until a code confirms it.
import type { ParameterizedContext } from 'koa';
import type { TotpEnrolment } from '../../mfa/service.js';
import type { MfaOwner } from '../../store/mfa-types.js';
import type { IdpDeps } from '../deps.js';

/** The enrolment this session started, or a new one (remembered under `sessionKey`). */
export async function totpEnrolment(
  ctx: ParameterizedContext,
  { mfa }: Pick<IdpDeps, 'mfa'>,
  sessionKey: string,
  owner: MfaOwner,
  accountLabel: string,
): Promise<TotpEnrolment> {
  const factorId = ctx.state.session.get<string>(sessionKey);
  const pending = factorId ? await mfa.pendingTotp(owner, factorId, accountLabel) : undefined;
  if (pending) return pending;
  const started = await mfa.beginTotp(owner, accountLabel);
  ctx.state.session.set(sessionKey, started.factorId);
  return started;
}
