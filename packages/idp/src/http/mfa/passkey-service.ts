// One passkey service per running IdP, built from its deps on first use (mfa/passkeys.ts).
import { createPasskeyService, type PasskeyService } from '../../mfa/passkeys.js';
import type { MfaOwner } from '../../store/mfa-types.js';
import type { IdpDeps } from '../deps.js';
import { BRAND } from '../pages.js';

const services = new WeakMap<IdpDeps, PasskeyService>();

export function passkeyService(deps: IdpDeps): PasskeyService {
  let service = services.get(deps);
  if (!service) {
    service = createPasskeyService({
      store: deps.store,
      clock: deps.clock,
      events: deps.services.events,
      baseUrl: deps.config.baseUrl,
      rpName: BRAND,
      who: async (owner: MfaOwner) => {
        const [kind, id = ''] = owner.split(':', 2) as [string, string];
        if (kind === 'user') {
          const user = await deps.services.directory.findUser(id);
          return user && { name: user.username, userId: user.id };
        }
        const admin = await deps.services.admins.get(id);
        return admin && { name: admin.email, userId: null };
      },
    });
    services.set(deps, service);
  }
  return service;
}

/** True when the owner has a passkey: the factor step offers it. */
export async function hasPasskey(deps: IdpDeps, owner: MfaOwner): Promise<boolean> {
  return (await passkeyService(deps).passkeysOf(owner)).length > 0;
}
