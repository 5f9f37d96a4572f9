// Fuzzing an endpoint that takes POSTs from browsers (SAML SSO, ACS): random bodies (form fields, free text, raw
// bytes) under random content types must never make the app answer 5xx.
import fc from 'fast-check';

export interface RandomPosts {
  /** Where to post: one URL or several. */
  urls: fc.Arbitrary<string>;
  /** Form fields the endpoint reads, with values worth trying; the body is also free text or raw bytes. */
  formFields: fc.Arbitrary<[string, string][]>;
  /** Content types to send ('' sends none). */
  contentTypes: readonly string[];
  numRuns: number;
}

/** Posts `numRuns` random requests; fails (fast-check's counterexample) on the first 5xx answer. */
export async function expectNo5xxToRandomPosts({ urls, formFields, contentTypes, numRuns }: RandomPosts): Promise<void> {
  const body = fc.oneof(
    formFields.map((fields) => new URLSearchParams(fields).toString()),
    fc.string({ maxLength: 500 }),
    fc.uint8Array({ maxLength: 500 }).map((b) => Buffer.from(b)),
  );
  await fc.assert(
    fc.asyncProperty(urls, body, fc.constantFrom(...contentTypes), async (url, b, type) => {
      const res = await fetch(url, { method: 'POST', redirect: 'manual', headers: type ? { 'content-type': type } : {}, body: b });
      await res.arrayBuffer();
      return res.status < 500;
    }),
    { numRuns },
  );
}
