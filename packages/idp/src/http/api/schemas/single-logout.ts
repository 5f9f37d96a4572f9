// Per-application Single Logout settings (saml-metadata §2.2.2 SingleLogoutService of the SP).
import { type Static, Type } from '@sinclair/typebox';

export const SingleLogoutSettings = Type.Object(
  {
    sloUrl: Type.String({
      maxLength: 2048,
      description: "The SP's SingleLogoutService URL (empty: the application takes no part in Single Logout)",
    }),
    sloResponseUrl: Type.String({
      maxLength: 2048,
      description: 'Where LogoutResponses go, when not to sloUrl (ResponseLocation); empty: sloUrl',
    }),
    binding: Type.Union([Type.Literal('redirect'), Type.Literal('post')], {
      description: 'HTTP-Redirect (detached query signature) or HTTP-POST (enveloped signature)',
    }),
  },
  { additionalProperties: false, $id: 'SingleLogoutSettings' },
);
export type SingleLogoutSettings = Static<typeof SingleLogoutSettings>;

/** The answer to "end this user's sessions". */
export const EndedUserSessions = Type.Object(
  {
    userId: Type.String(),
    username: Type.String(),
    sessionsWithApplications: Type.Integer({
      minimum: 0,
      description: 'Ended IdP sessions in which the user had launched at least one application',
    }),
    notTold: Type.Array(Type.Object({ application: Type.String(), label: Type.String() }, { additionalProperties: false }), {
      description:
        'Applications that received an assertion in an ended session and were NOT sent a LogoutRequest (front-channel Single Logout needs the user’s browser): their own sessions last until they expire',
    }),
  },
  { additionalProperties: false, $id: 'EndedUserSessions' },
);
export type EndedUserSessions = Static<typeof EndedUserSessions>;
