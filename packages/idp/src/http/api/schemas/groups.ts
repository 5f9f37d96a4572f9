// Groups: names are unique, case-insensitive (checked by the directory service).
import { dateTime } from '@samlbridge/web';
import { Type } from '@sinclair/typebox';

export const Group = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  createdAt: dateTime(),
});

export const GroupDetail = Type.Composite([Group, Type.Object({ memberIds: Type.Array(Type.String()) })]);

const name = () => Type.String({ minLength: 1, maxLength: 200 });
const description = () => Type.String({ maxLength: 1000 });

export const GroupInput = Type.Object({ name: name(), description: Type.Optional(description()) }, { additionalProperties: false });

export const GroupPatch = Type.Object(
  { name: Type.Optional(name()), description: Type.Optional(description()) },
  { additionalProperties: false },
);
