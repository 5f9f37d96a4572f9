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
