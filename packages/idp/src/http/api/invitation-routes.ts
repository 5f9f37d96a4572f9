// Invitations over the admin API: a user's single-use set-password link, one user or up to 100 at once.
import { type ApiRoute, apiRoute, toSamlbridgeError } from '@samlbridge/web';
import type { CreatedInvitation } from '../../services/invitations.js';
import type { IdpDeps } from '../deps.js';
import { invitationService } from '../invitation-page.js';
import { errors, IdParams } from './schemas/common.js';
import { Invitation, InvitationList, InvitationsInput } from './schemas/invitations.js';

const json = (c: CreatedInvitation) => ({ ...c, expiresAt: c.expiresAt.toISOString() });

export function invitationRoutes(deps: IdpDeps): ApiRoute[] {
  const invitations = invitationService(deps);
  return [
    apiRoute({
      method: 'post',
      path: '/users/:id/invitations',
      summary: 'Create the user’s invitation: a single-use set-password link (voids the previous one; no email is sent)',
      params: IdParams,
      responses: { 201: { description: 'The link, shown in this response only', schema: Invitation }, ...errors(404, 409) },
      handle: async ({ params }) => ({ status: 201, body: json(await invitations.create(params.id, 'admin-api')) }),
    }),
    apiRoute({
      method: 'post',
      path: '/invitations',
      summary: 'Create invitations for several users (e.g. the users an import created); each link is in this response only',
      body: InvitationsInput,
      responses: { 201: { description: 'The links, and the users not invited with why', schema: InvitationList }, ...errors(400) },
      handle: async ({ body }) => {
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
        return { status: 201, body: { invitations: created, refused } };
      },
    }),
  ];
}
