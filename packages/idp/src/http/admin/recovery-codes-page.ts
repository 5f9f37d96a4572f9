// The page that shows an admin's new recovery codes, once (regenerating them makes the old ones stop working).
import { csrfToken } from '@samlbridge/web';
import type { ParameterizedContext } from 'koa';
import type { MfaActor } from '../../mfa/service.js';
import type { IdpDeps } from '../deps.js';
import { recoveryCodesView } from '../mfa/views.js';
import { renderAdmin, type Section } from './kit/layout.js';

/** New recovery codes for `actor`, then on to /admin/security; `section` is undefined while signing in (no sidebar). */
export async function showNewRecoveryCodes(
  ctx: ParameterizedContext,
  deps: Pick<IdpDeps, 'mfa'>,
  actor: MfaActor,
  section: Section | undefined,
  button: 'Done' | 'Continue',
): Promise<void> {
  const codes = await deps.mfa.regenerateRecoveryCodes(actor);
  renderAdmin(
    ctx,
    section,
    'Your recovery codes',
    recoveryCodesView({ csrf: csrfToken(ctx), codes, action: '/admin/security/done', button }),
  );
}
