// Multi-factor sign-in: a user's MFA state (never a secret), the rules of groups and applications, the settings.
import { dateTime, nullable, oneOf, withMessage } from '@samlbridge/web';
import { Type } from '@sinclair/typebox';

const KIND = oneOf(['totp', 'webauthn'], {
  description: 'totp: an authenticator app (RFC 6238); webauthn: a passkey (WebAuthn, user verification required)',
});
const required = () => withMessage(Type.Boolean({ description: 'MFA required by this rule' }), 'must be true or false');

export const UserMfa = Type.Object({
  required: Type.Boolean({ description: 'a rule requires MFA of this user in person (group and application rules apply too)' }),
  requiredBy: Type.Array(Type.String(), {
    description: 'every rule that applies: user, group:<id> (application rules apply per application)',
  }),
  factors: Type.Array(Type.Object({ kind: KIND, count: Type.Integer({ minimum: 1 }) }), { description: 'enrolled factors by kind' }),
  recoveryCodes: Type.Integer({ minimum: 0, description: 'unused recovery codes' }),
});

export const UserMfaInput = Type.Object({ required: required() }, { additionalProperties: false });

export const MfaFactor = Type.Object({
  id: Type.String(),
  kind: KIND,
  name: Type.String(),
  createdAt: dateTime(),
  lastUsedAt: nullable(dateTime()),
});

export const MfaFactors = Type.Object({ items: Type.Array(MfaFactor) });

export const MfaRule = Type.Object({ required: Type.Boolean() });
export const MfaRuleInput = Type.Object({ required: required() }, { additionalProperties: false });

export const MfaSettings = Type.Object({
  graceSeconds: Type.Integer({
    minimum: 0,
    maximum: 7_776_000,
    description: 'how long a user who must use MFA may skip enrolment (0: never)',
  }),
  requireForAdmins: Type.Boolean({ description: 'admins of the portal must use a second factor' }),
});

export const MfaSettingsInput = Type.Object(
  {
    graceSeconds: withMessage(
      Type.Integer({ minimum: 0, maximum: 7_776_000 }),
      'must be a whole number of seconds from 0 to 7776000 (90 days)',
    ),
    requireForAdmins: withMessage(Type.Boolean(), 'must be true or false'),
  },
  { additionalProperties: false },
);
