// Invitations over the admin API: a user's single-use set-password link, one user or up to 100 at once.
import { type ApiRoute, route, toSamlbridgeError } from '@samlbridge/web';
import type { CreatedInvitation } from '../../services/invitations.js';
import type { IdpDeps } from '../deps.js';
import { invitationService } from '../invitation-page.js';
import { ById, errors } from './schemas/common.js';
import { Invitation, InvitationList, InvitationsInput } from './schemas/invitations.js';

const json = (c: CreatedInvitation) => ({ ...c, expiresAt: c.expiresAt.toISOString() });

export function invitationRoutes(deps: IdpDeps): ApiRoute[] {
  const invitations = invitationService(deps);
  return [
    route(
      'post',
      '/users/:id/invitations',
      'Create the user’s invitation: a single-use set-password link (voids the previous one; no email is sent)',
      ById,
    ).created(Invitation, 'The link, shown in this response only', errors(404, 409), async ({ params }) =>
      json(await invitations.create(params.id, 'admin-api')),
    ),
    route(
      'post',
      '/invitations',
      'Create invitations for several users (e.g. the users an import created); each link is in this response only',
      { body: InvitationsInput },
    ).created(InvitationList, 'The links, and the users not invited with why', errors(400), async ({ body }) => {
      const created = [];
      const refused = [];
      for (const userId of [...new Set(body.userIds)]) {
        try {
          created.push(json(await invitations.create(userId, 'admin-api')));
        } catch (err) {
          const e = toSamlbridgeError(err);
          if (e.status >= 500) throw err;
          refused.push({ userId, code: e.code, message: e.message });
        }
      }
      return { invitations: created, refused };
    }),
  ];
}
