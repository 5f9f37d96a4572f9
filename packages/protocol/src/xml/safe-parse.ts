// The only way SAML XML enters the product. Refuses DTDs (XXE, entity expansion), processing
// instructions, oversize input, and anything the parser merely warns about: a signature is only
// meaningful over a document every party parses the same way.

import type { Document, Element, Node } from '@xmldom/xmldom';
import { DOMParser } from '@xmldom/xmldom';
import { SamlError } from '../errors.js';
import { protocolError } from '../protocol-errors.js';

export interface ParseXmlOptions {
  /** Largest accepted document, in UTF-8 bytes. Default 256 KiB. */
  maxBytes?: number;
}

const DTD_MARKERS = /<!DOCTYPE|<!ENTITY/i;
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;
const PROCESSING_INSTRUCTION_NODE = 7;
const REPLACEMENT_CHARACTER_WARNING = 'Unicode replacement character detected';

/**
 * XML 1.0 §2.11: only CR LF and a lone CR become LF. @xmldom/xmldom applies the XML 1.1 rule by default, which also
 * turns NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029) into LF: a name holding one would
 * be read as a different name. SAML messages are XML 1.0.
 */
function normalizeXml10LineEnds(input: string): string {
  return input.replace(/\r\n?/g, '\n');
}

export function parseXml(xml: string, { maxBytes = 256 * 1024 }: ParseXmlOptions = {}): Document {
  if (typeof xml !== 'string') throw protocolError('malformed_xml', 'The message is not text');
  // A UTF-16 string's UTF-8 length is at least its .length, so check that cheaply first.
  if (xml.length > maxBytes || Buffer.byteLength(xml, 'utf8') > maxBytes) {
    throw protocolError('message_too_large', `The message is larger than ${maxBytes} bytes`);
  }
  if (DTD_MARKERS.test(xml)) {
    throw protocolError('dtd_forbidden');
  }
  const parser = new DOMParser({
    normalizeLineEndings: normalizeXml10LineEnds,
    onError(level, message) {
      // U+FFFD is an XML 1.0 Char a name may hold; xmldom only warns that the source may have been mis-decoded,
      // and parses it as any other character (invalid UTF-8 in a message then fails its signature instead).
      if (level === 'warning' && message.startsWith(REPLACEMENT_CHARACTER_WARNING)) return;
      throw protocolError('malformed_xml', `The message is not well-formed XML (${level}: ${message})`);
    },
  });
  let doc: Document;
  try {
    doc = parser.parseFromString(xml, 'text/xml');
  } catch (err) {
    if (err instanceof SamlError) throw err;
    const cause = err as { cause?: unknown };
    if (cause.cause instanceof SamlError) throw cause.cause;
    throw protocolError('malformed_xml', `The message is not well-formed XML (${(err as Error).message})`, { cause: err });
  }
  if (!doc.documentElement) throw protocolError('malformed_xml', 'The message has no root element');
  refuseProcessingInstructions(doc);
  return doc;
}

/**
 * No SAML message needs a processing instruction, and canonicalisation does not treat them alike:
 * xml-crypto renders a PI's data as text, so `<NameID>ad<?x y?>min</NameID>` could verify as one name
 * and be read as another. Only the XML declaration (xmldom reports it as a PI with target `xml`, and
 * only as the document's first node; XML 1.0 §2.8) is allowed.
 */
function refuseProcessingInstructions(doc: Document): void {
  const pending: Node[] = [];
  for (let n = doc.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === PROCESSING_INSTRUCTION_NODE && n === doc.firstChild && n.nodeName === 'xml') continue;
    pending.push(n);
  }
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.nodeType === PROCESSING_INSTRUCTION_NODE) {
      throw protocolError(
        'processing_instruction_forbidden',
        `The message contains a processing instruction (<?${node.nodeName.slice(0, 40)} …?>), which SAML messages must not carry`,
      );
    }
    for (let n = node.firstChild; n; n = n.nextSibling) pending.push(n);
  }
}

function isElement(node: Node): node is Element {
  return node.nodeType === ELEMENT_NODE;
}

/** Element children of `parent` with the given namespace URI and local name. */
export function childElementsNS(parent: Element | Document, ns: string, localName: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (isElement(n) && n.namespaceURI === ns && n.localName === localName) out.push(n);
  }
  return out;
}

/** First element child of `parent` with the given namespace URI and local name. */
export function firstChildNS(parent: Element | Document, ns: string, localName: string): Element | undefined {
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (isElement(n) && n.namespaceURI === ns && n.localName === localName) return n;
  }
  return undefined;
}
/** Concatenated text (and CDATA) of the direct children: what a simple-content element carries. */
export function textContent(el: Element | undefined): string | undefined {
  if (!el) return undefined;
  let out = '';
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === TEXT_NODE || n.nodeType === CDATA_SECTION_NODE) out += n.nodeValue ?? '';
  }
  return out;
}

/** An attribute value, or undefined when absent (xmldom's getAttribute returns null). */
export function attr(el: Element, name: string): string | undefined {
  return el.hasAttribute(name) ? (el.getAttribute(name) ?? undefined) : undefined;
}
