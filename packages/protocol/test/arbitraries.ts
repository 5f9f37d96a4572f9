// fast-check generators for text XML can and cannot carry (XML 1.0 §2.2 Char).
import fc from 'fast-check';

const special = fc.constantFrom('&', '<', '>', '"', "'", '\r', '\n', '\t', ']]>', '&amp;', '&#xD;');
const bmp = fc.integer({ min: 0x20, max: 0xd7ff }).map((c) => String.fromCodePoint(c));
const privateUse = fc.integer({ min: 0xe000, max: 0xfffd }).map((c) => String.fromCodePoint(c));
const astral = fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c));
const ascii = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCodePoint(c));

/** Any string of XML 1.0 characters, weighted towards the ones escaping must handle. */
export function xmlText({ minLength = 0, maxLength = 24 } = {}): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof({ weight: 3, arbitrary: special }, { weight: 3, arbitrary: ascii }, bmp, privateUse, astral), {
      minLength,
      maxLength,
    })
    .map((parts) => parts.join(''));
}

/** XML text with at least one non-whitespace character (peers built on xml2js drop blank text). */
export function nonBlankXmlText(): fc.Arbitrary<string> {
  return xmlText({ minLength: 1 }).filter((s) => /\S/.test(s));
}

/** A single character XML 1.0 cannot carry. */
export const invalidXmlChar: fc.Arbitrary<string> = fc
  .oneof(
    fc.integer({ min: 0, max: 8 }),
    fc.constantFrom(0x0b, 0x0c),
    fc.integer({ min: 0x0e, max: 0x1f }),
    fc.integer({ min: 0xd800, max: 0xdfff }), // lone surrogate
    fc.constantFrom(0xfffe, 0xffff),
  )
  .map((c) => String.fromCharCode(c));
