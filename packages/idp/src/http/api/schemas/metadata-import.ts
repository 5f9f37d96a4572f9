// Importing a service provider's metadata into an application (services/sp-metadata-import.ts).
import { Type } from '@sinclair/typebox';

export const MetadataImportInput = Type.Object(
  {
    xml: Type.Optional(Type.String({ maxLength: 512 * 1024, description: 'The SP metadata document (XML), pasted' })),
    url: Type.Optional(Type.String({ maxLength: 2048, description: 'Or its URL: fetched now (http/https, no redirects, 512 KiB, 5 s)' })),
    entityId: Type.Optional(
      Type.String({ maxLength: 1024, description: 'Which service provider, when the document describes several (EntitiesDescriptor)' }),
    ),
  },
  { additionalProperties: false },
);

const Change = Type.Object({
  field: Type.String({ description: 'Application field (or, in notApplied, the metadata element)' }),
  current: Type.String(),
  new: Type.String(),
});

export const MetadataImportResult = Type.Object({
  entityId: Type.String(),
  changes: Type.Array(Change, { description: 'Every field whose value the import changes: current and new' }),
  notApplied: Type.Array(Change, {
    description: 'Read from the metadata but not stored: the application has no field for it',
  }),
  warnings: Type.Array(Type.String(), { description: 'Skipped endpoints, expired certificates, index or default mismatches' }),
  applied: Type.Boolean({ description: 'false for a preview, true once saved' }),
});
