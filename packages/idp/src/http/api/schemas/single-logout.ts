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
    soapUrl: Type.Optional(
      Type.String({
        maxLength: 2048,
        description:
          "The SP's SingleLogoutService URL for the SOAP binding (back channel: the IdP POSTs signed LogoutRequests there when an admin ends the user's sessions); empty: none. Absent in a PUT: unchanged",
      }),
    ),
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
        'Applications that received an assertion in an ended session and were NOT sent a LogoutRequest (they have no SOAP Single Logout URL, and front-channel Single Logout needs the user’s browser): their own sessions last until they expire',
    }),
    told: Type.Array(
      Type.Object(
        {
          application: Type.String(),
          label: Type.String(),
          outcome: Type.Union(
            ['confirmed', 'partial', 'refused', 'failed', 'unreachable', 'timeout'].map((o) => Type.Literal(o)),
            {
              description:
                'confirmed: Success; partial: PartialLogout; refused: the answer was not a LogoutResponse signed by the application (signature, Issuer, InResponseTo, Destination); failed: SOAP Fault, HTTP error or another status; unreachable; timeout (IDP_SLO_PARTICIPANT_TIMEOUT_SECONDS)',
            },
          ),
          reason: Type.Optional(Type.String({ description: 'Why, when not confirmed' })),
        },
        { additionalProperties: false },
      ),
      { description: 'Applications sent a LogoutRequest over SOAP (back channel), with the outcome' },
    ),
  },
  { additionalProperties: false, $id: 'EndedUserSessions' },
);
export type EndedUserSessions = Static<typeof EndedUserSessions>;
