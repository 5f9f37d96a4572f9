// DOM helpers for surgery on genuine Responses (@xmldom/xmldom): parse/serialize, navigation, the forged assertion.
import { forgedAssertion, NS, setAssertionIdentity } from '@samlbridge/protocol';
import { DOMParser, type Document, type Element, XMLSerializer } from '@xmldom/xmldom';

const parser = () =>
  new DOMParser({
    onError: (level: string, msg: string) => {
      if (level !== 'warning') throw new Error(msg);
    },
  });
export const parse = (xml: string): Document => parser().parseFromString(xml, 'text/xml');
export const serialize = (node: Document | Element): string => new XMLSerializer().serializeToString(node);

function children(el: Element, ns: string, name: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === name) out.push(n as Element);
  }
  return out;
}
export const child = (el: Element, ns: string, name: string) => children(el, ns, name)[0] as Element;
export const root = (doc: Document) => doc.documentElement as Element;
export const assertionOf = (doc: Document) => child(root(doc), NS.assertion, 'Assertion');
export const signatureOf = (el: Element) => child(el, NS.ds, 'Signature');
export const cloneEl = (el: Element) => el.cloneNode(true) as Element;

/** The forged assertion every wrapping attack wants accepted: same shape, another identity, a new ID (protocol's signature-wrapping.ts). */
export function evilAssertion(original: Element, id = '_evil'): Element {
  return forgedAssertion(original, id, 'admin');
}

export const setIdentity = setAssertionIdentity;

export function insertAfter(parent: Element, node: Element, ref: Element): void {
  parent.insertBefore(node, ref.nextSibling);
}

export function dsObject(doc: Document, content: Element): Element {
  const object = doc.createElementNS(NS.ds, 'ds:Object');
  object.appendChild(content);
  return object;
}
