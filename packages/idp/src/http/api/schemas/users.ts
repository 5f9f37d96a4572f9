// Users of the directory. Username and email rules beyond shape (characters, syntax, uniqueness) live in the
// directory service (services/directory-users.ts).
import { dateTime, oneOf, withMessage } from '@samlbridge/web';
import { Type } from '@sinclair/typebox';

const STATUS = oneOf(['active', 'suspended'], { description: 'suspended: sign-in refused, sessions end' });

export const User = Type.Object({
  id: Type.String(),
  username: Type.String(),
  email: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  status: STATUS,
  createdAt: dateTime(),
  updatedAt: dateTime(),
});

const fields = {
  username: Type.String({ maxLength: 100, description: 'letters, digits and . _ @ + - ; unique, case-insensitive' }),
  email: Type.String({ maxLength: 254, description: 'unique, case-insensitive' }),
  firstName: Type.Optional(Type.String({ maxLength: 100 })),
  lastName: Type.Optional(Type.String({ maxLength: 100 })),
  status: Type.Optional(STATUS),
};

const password = () =>
  withMessage(Type.String({ minLength: 8, maxLength: 1024, writeOnly: true }), 'must be a string of 8 to 1024 characters');

export const UserInput = Type.Object({ ...fields, password: Type.Optional(password()) }, { additionalProperties: false });

export const UserPatch = Type.Object(
  {
    ...fields,
    username: Type.Optional(fields.username),
    email: Type.Optional(fields.email),
    password: Type.Optional(
      withMessage(Type.Never({ description: 'changed with PUT /users/{id}/password' }), 'is changed with PUT /api/users/{id}/password'),
    ),
  },
  { additionalProperties: false },
);

export const PasswordInput = Type.Object({ password: password() }, { additionalProperties: false });

export const Members = Type.Object({ items: Type.Array(User) });
