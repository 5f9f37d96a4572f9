/** SCIM bodies as the tests read them: loose JSON, checked field by field with chai. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies in tests are read loosely and asserted field by field
export type Json = any;
