// Invitations: a user's single-use set-password link (services/invitations.ts). The link is in the creating response
// only; the IdP keeps its token's SHA-256. No email is sent.
import { dateTime, withMessage } from '@samlbridge/web';
import { Type } from '@sinclair/typebox';

export const Invitation = Type.Object({
  userId: Type.String(),
  username: Type.String(),
  url: Type.String({
    format: 'uri',
    description: 'the set-password link, shown once (only a hash is stored): give it to the person; a new invitation voids it',
  }),
  expiresAt: dateTime({ description: 'the link stops working then (IDP_INVITATION_TTL_HOURS after creation)' }),
});

export const InvitationsInput = Type.Object(
  {
    userIds: withMessage(
      Type.Array(Type.String({ maxLength: 256 }), { minItems: 1, maxItems: 100, description: '1 to 100 user IDs' }),
      'must be a list of 1 to 100 user IDs',
    ),
  },
  { additionalProperties: false },
);

export const InvitationList = Type.Object({
  invitations: Type.Array(Invitation),
  /** Users that were not invited (unknown or suspended), with the reason. */
  refused: Type.Array(Type.Object({ userId: Type.String(), code: Type.String(), message: Type.String() })),
});
