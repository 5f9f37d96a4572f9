// Escaping that yields the Canonical XML output form (xml-c14n §2.3, used unchanged by
// xml-exc-c14n): text escapes & < > and CR; attribute values escape & < " TAB LF CR.

import { protocolInputError } from '../protocol-errors.js';

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };
const ATTR_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' };
const TEXT_SPECIAL = /[&<>\r]/g;
const ATTR_SPECIAL = /[&<"\t\n\r]/g;

export function escapeC14nText(value: string): string {
  return value.replace(TEXT_SPECIAL, (ch) => TEXT_ESCAPES[ch] as string);
}

export function escapeC14nAttr(value: string): string {
  return value.replace(ATTR_SPECIAL, (ch) => ATTR_ESCAPES[ch] as string);
}

// XML 1.0 §2.2 Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
// (the `u` flag makes a well-formed surrogate pair one code point, so only lone surrogates match).
const INVALID_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Throws `invalid_xml_char` when `value` holds a character XML 1.0 cannot carry. */
export function assertXmlChars(value: string, field: string): void {
  if (typeof value !== 'string') {
    throw protocolInputError('invalid_xml_char', `${field} must be a string`);
  }
  const m = INVALID_XML_CHAR.exec(value);
  if (m) {
    const cp = m[0].codePointAt(0) ?? 0;
    throw protocolInputError(
      'invalid_xml_char',
      `${field} contains U+${cp.toString(16).toUpperCase().padStart(4, '0')} at position ${m.index}, which XML 1.0 cannot carry; remove or replace it`,
      { details: { field, position: m.index, codePoint: cp } },
    );
  }
}

// XML 1.1 §2.11 turns NEL (U+0085), LINE SEPARATOR (U+2028) and, in some parsers, PARAGRAPH SEPARATOR (U+2029)
// into LF before parsing, and @xmldom/xmldom (which xml-crypto-based SPs such as node-saml parse with) applies it to
// XML 1.0 documents too: a literal one changes the text a verifier digests, and the signature fails. A character
// reference is not line-end handled (XML 1.0 §4.1), and canonical form writes the literal character again
// (xml-c14n §2.3), so writing these as references keeps every digest taken over the canonical bytes valid.
const LINE_END_LOOKALIKES = /[\u0085\u2028\u2029]/g;

/** The canonical bytes as sent on the wire: the characters above as character references, everything else as is. */
export function toWireForm(canonical: string): string {
  return canonical.replace(LINE_END_LOOKALIKES, (ch) => `&#x${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase()};`);
}
