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

/** The forged assertion every wrapping attack wants accepted: same shape, another identity, a new ID. */
export function evilAssertion(original: Element, id = '_evil'): Element {
  const evil = cloneEl(original);
  const sig = signatureOf(evil);
  if (sig) evil.removeChild(sig);
  evil.setAttribute('ID', id);
  setIdentity(evil, 'admin');
  return evil;
}

export function setIdentity(assertion: Element, login: string): void {
  const subject = child(assertion, NS.assertion, 'Subject');
  const nameId = child(subject, NS.assertion, 'NameID');
  nameId.textContent = login;
  for (const v of Array.from(assertion.getElementsByTagNameNS(NS.assertion, 'AttributeValue'))) {
    const a = v.parentNode as Element;
    if (a.getAttribute('Name') === 'Username') v.textContent = login;
  }
}

export function insertAfter(parent: Element, node: Element, ref: Element): void {
  parent.insertBefore(node, ref.nextSibling);
}

export function dsObject(doc: Document, content: Element): Element {
  const object = doc.createElementNS(NS.ds, 'ds:Object');
  object.appendChild(content);
  return object;
}
