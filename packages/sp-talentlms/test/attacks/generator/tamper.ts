// Signature tampering (digest, value, removal) and identity values split by comments, CDATA or PIs.
import type { ResponseOverrides } from '../../helpers/harness.js';
import { assertionOf, parse, serialize, signatureOf } from './dom.js';

export function flipBase64Char(value: string, at: number): string {
  const c = value[at] === 'A' ? 'B' : 'A';
  return value.slice(0, at) + c + value.slice(at + 1);
}

export const DIGEST = /<ds:DigestValue>([^<]+)<\/ds:DigestValue>/;
export const SIGVALUE = /<ds:SignatureValue>([^<]+)<\/ds:SignatureValue>/;
export const SIGNATURE = /<ds:Signature[\s\S]*?<\/ds:Signature>/;

export function removeAssertionSignature(xml: string): string {
  const doc = parse(xml);
  const a = assertionOf(doc);
  a.removeChild(signatureOf(a));
  return serialize(doc);
}

/** A comment, CDATA section or PI inserted inside the NameID and the Username value, after the first `cut` chars. */
export function splitValue(xml: string, login: string, cut: number, insert: (head: string, tail: string) => string): string {
  const head = login.slice(0, cut);
  const tail = login.slice(cut);
  return xml
    .replace(`>${login}</saml:NameID>`, `>${insert(head, tail)}</saml:NameID>`)
    .replace(`<saml:AttributeValue>${login}</saml:AttributeValue>`, `<saml:AttributeValue>${insert(head, tail)}</saml:AttributeValue>`);
}

export function withIdentity(login: string): ResponseOverrides {
  return {
    assertion: {
      nameId: login,
      attributes: [
        { name: 'Username', values: [login] },
        { name: 'FirstName', values: ['Jane'] },
        { name: 'LastName', values: ['Doe'] },
        { name: 'Email', values: [`${login}@example.test`] },
      ],
    },
  };
}
