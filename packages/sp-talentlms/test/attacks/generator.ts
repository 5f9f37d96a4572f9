// Attack generator: derives every variant issue 6 lists from GENUINE Responses signed by the IdP's signer
// (createResponseSigner), by DOM surgery (@xmldom/xmldom) or by re-signing with xml-crypto where the attack
// needs a validly signed but hostile document. Each case says what the ACS must answer.
// XSW1–XSW8 follow Somorovsky et al., "On Breaking SAML: Be Whoever You Want to Be" (USENIX Security 2012).
import { createPublicKey } from 'node:crypto';
import type { SigningMaterial } from '@samlbridge/certs';
import { ALGORITHMS, NS } from '@samlbridge/protocol';
import { DOMParser, type Document, type Element, XMLSerializer } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import type { ResponseOverrides } from '../helpers/harness.js';

/** What the generator needs from the test: a way to mint genuine Responses, and keys. */
export interface Genuine {
  /** A Response signed by the trusted IdP key, built from sensible defaults + overrides (fresh IDs every call). */
  issue(o?: ResponseOverrides): string;
  /** Same, signed by another key (attacker). */
  issueWith(keys: SigningMaterial, o?: ResponseOverrides): string;
  idp: SigningMaterial;
  attacker: SigningMaterial;
  /** A certificate copying the IdP's subject, issuer and serial number, over the attacker's key. */
  clone: SigningMaterial;
  /** A local URL counting hits: nothing must ever fetch it. */
  canaryUrl: string;
  /** The SP's current time (the harness clock). */
  now: Date;
}

export type Expectation =
  | { reject: string; status?: number }
  | { accept: string }
  | { acceptOrReject: { login: string; reasons: string[] } };

export interface AttackCase {
  id: string;
  title: string;
  category: 'xsw' | 'signature' | 'content' | 'key' | 'xml' | 'conditions' | 'replay' | 'legitimate' | 'knob';
  /** SSO settings for the SP this case runs against (merged over the harness defaults). */
  settings?: Record<string, unknown>;
  /** Messages posted (and expected to succeed) before the case itself: replay. */
  prime?: (g: Genuine) => { first: string; replay: (first: string) => string };
  build?: (g: Genuine) => string;
  /** The SAMLResponse form value is sent as-is (already base64, or deliberately not). */
  rawField?: boolean;
  expect: Expectation;
}

// ---------- DOM helpers ----------

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
const child = (el: Element, ns: string, name: string) => children(el, ns, name)[0] as Element;
const root = (doc: Document) => doc.documentElement as Element;
const assertionOf = (doc: Document) => child(root(doc), NS.assertion, 'Assertion');
const signatureOf = (el: Element) => child(el, NS.ds, 'Signature');
const cloneEl = (el: Element) => el.cloneNode(true) as Element;

/** The forged assertion every wrapping attack wants accepted: same shape, another identity, a new ID. */
function evilAssertion(original: Element, id = '_evil'): Element {
  const evil = cloneEl(original);
  const sig = signatureOf(evil);
  if (sig) evil.removeChild(sig);
  evil.setAttribute('ID', id);
  setIdentity(evil, 'admin');
  return evil;
}

function setIdentity(assertion: Element, login: string): void {
  const subject = child(assertion, NS.assertion, 'Subject');
  const nameId = child(subject, NS.assertion, 'NameID');
  nameId.textContent = login;
  for (const v of Array.from(assertion.getElementsByTagNameNS(NS.assertion, 'AttributeValue'))) {
    const a = v.parentNode as Element;
    if (a.getAttribute('Name') === 'Username') v.textContent = login;
  }
}

function insertAfter(parent: Element, node: Element, ref: Element): void {
  parent.insertBefore(node, ref.nextSibling);
}

function dsObject(doc: Document, content: Element): Element {
  const object = doc.createElementNS(NS.ds, 'ds:Object');
  object.appendChild(content);
  return object;
}

// ---------- re-signing (hostile but validly signed documents) ----------

/** Removes `target`'s signature and signs it again with `keys` through xml-crypto (RSA-SHA256, exc-c14n). */
export function resign(
  xml: string,
  target: 'assertion' | 'response',
  keys: SigningMaterial,
  algorithm: string = ALGORITHMS.rsaSha256,
): string {
  const doc = parse(xml);
  const el = target === 'response' ? root(doc) : assertionOf(doc);
  const old = signatureOf(el);
  if (old) el.removeChild(old);
  const local = target === 'response' ? 'Response' : 'Assertion';
  const sx = new SignedXml({
    privateKey: keys.privateKeyPem,
    publicCert: keys.certificatePem,
    signatureAlgorithm: algorithm,
    canonicalizationAlgorithm: ALGORITHMS.excC14n,
  });
  sx.addReference({
    xpath: `//*[local-name(.)='${local}' and @ID='${el.getAttribute('ID')}']`,
    transforms: [ALGORITHMS.envelopedSignature, ALGORITHMS.excC14n],
    digestAlgorithm: algorithm === ALGORITHMS.rsaSha1 ? ALGORITHMS.sha1 : ALGORITHMS.sha256,
  });
  sx.computeSignature(serialize(doc), {
    prefix: 'ds',
    location: { reference: `//*[local-name(.)='${local}' and @ID='${el.getAttribute('ID')}']/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return sx.getSignedXml();
}

/** HMAC-SHA1 "signature" keyed with the IdP certificate (public!) bytes: the classic key-confusion forgery. */
function hmacForgery(g: Genuine): string {
  const doc = parse(g.issue({ signing: 'assertion' }));
  const assertion = assertionOf(doc);
  assertion.removeChild(signatureOf(assertion));
  setIdentity(assertion, 'admin');
  const sx = new SignedXml({ privateKey: Buffer.from(g.idp.certificatePem), canonicalizationAlgorithm: ALGORITHMS.excC14n });
  sx.enableHMAC();
  sx.signatureAlgorithm = 'http://www.w3.org/2000/09/xmldsig#hmac-sha1';
  sx.addReference({
    xpath: "//*[local-name(.)='Assertion']",
    transforms: [ALGORITHMS.envelopedSignature, ALGORITHMS.excC14n],
    digestAlgorithm: ALGORITHMS.sha256,
  });
  sx.computeSignature(serialize(doc), {
    prefix: 'ds',
    location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' },
  });
  const signed = sx.getSignedXml();
  // Add the IdP's genuine certificate in KeyInfo, as an attacker would, so only the algorithm can stop it.
  const cert = g.idp.certificatePem.replace(/-----[^-]+-----|\s/g, '');
  return signed.replace(
    '</ds:SignatureValue>',
    `</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>`,
  );
}

/** Signs with the attacker key and replaces KeyInfo by a bare RSA KeyValue of that key. */
function keyValueOnly(g: Genuine): string {
  const xml = g.issueWith(g.attacker, { signing: 'assertion' });
  const jwk = createPublicKey(g.attacker.certificatePem).export({ format: 'jwk' }) as { n: string; e: string };
  const b64 = (s: string) => Buffer.from(s, 'base64url').toString('base64');
  return xml.replace(
    /<ds:KeyInfo>[\s\S]*?<\/ds:KeyInfo>/,
    `<ds:KeyInfo><ds:KeyValue><ds:RSAKeyValue><ds:Modulus>${b64(jwk.n)}</ds:Modulus><ds:Exponent>${b64(jwk.e)}</ds:Exponent></ds:RSAKeyValue></ds:KeyValue></ds:KeyInfo>`,
  );
}

// ---------- XSW1–XSW8 ----------

/** XSW1: a new (evil) Response; the original signed Response moves INTO its Signature (ds:Object). */
function xsw1(g: Genuine): string {
  const doc = parse(g.issue({ signing: 'response' }));
  const original = root(doc);
  const evil = cloneEl(original);
  evil.setAttribute('ID', '_evilResponse');
  const sig = signatureOf(evil);
  const evilAssertionEl = child(evil, NS.assertion, 'Assertion');
  evil.replaceChild(evilAssertion(evilAssertionEl), evilAssertionEl);
  const originalCopy = cloneEl(original);
  originalCopy.removeChild(signatureOf(originalCopy));
  sig.appendChild(dsObject(doc, originalCopy));
  return serialize(evil);
}

/** XSW2: like XSW1, but the original Response sits BEFORE the Signature (a detached signature). */
function xsw2(g: Genuine): string {
  const doc = parse(g.issue({ signing: 'response' }));
  const original = root(doc);
  const evil = cloneEl(original);
  evil.setAttribute('ID', '_evilResponse');
  const sig = signatureOf(evil);
  const evilAssertionEl = child(evil, NS.assertion, 'Assertion');
  evil.replaceChild(evilAssertion(evilAssertionEl), evilAssertionEl);
  const originalCopy = cloneEl(original);
  originalCopy.removeChild(signatureOf(originalCopy));
  evil.insertBefore(originalCopy, sig);
  return serialize(evil);
}

/** XSW3: the evil assertion is inserted BEFORE the signed one, as a sibling. `sameId` copies the signed ID. */
function xsw3(g: Genuine, sameId = false): string {
  const doc = parse(g.issue({ signing: 'assertion' }));
  const signed = assertionOf(doc);
  root(doc).insertBefore(evilAssertion(signed, sameId ? (signed.getAttribute('ID') as string) : '_evil'), signed);
  return serialize(doc);
}

/** XSW4: the evil assertion WRAPS the signed one (the signed assertion becomes its child). */
function xsw4(g: Genuine, sameId = false): string {
  const doc = parse(g.issue({ signing: 'assertion' }));
  const signed = assertionOf(doc);
  const evil = evilAssertion(signed, sameId ? (signed.getAttribute('ID') as string) : '_evil');
  root(doc).replaceChild(evil, signed);
  evil.appendChild(signed);
  return serialize(doc);
}

/** XSW5: the evil assertion carries the ORIGINAL signature; an unsigned copy of the original is appended at the end. */
function xsw5(g: Genuine): string {
  const doc = parse(g.issue({ signing: 'assertion' }));
  const signed = assertionOf(doc);
  const evil = evilAssertion(signed);
  evil.insertBefore(cloneEl(signatureOf(signed)), child(evil, NS.assertion, 'Subject'));
  const copy = cloneEl(signed);
  copy.removeChild(signatureOf(copy));
  root(doc).replaceChild(evil, signed);
  root(doc).appendChild(copy);
  return serialize(doc);
}

/** XSW6: the evil assertion carries the original signature, and the original assertion sits inside that signature. */
function xsw6(g: Genuine): string {
  const doc = parse(g.issue({ signing: 'assertion' }));
  const signed = assertionOf(doc);
  const evil = evilAssertion(signed);
  const sig = cloneEl(signatureOf(signed));
  evil.insertBefore(sig, child(evil, NS.assertion, 'Subject'));
  const copy = cloneEl(signed);
  copy.removeChild(signatureOf(copy));
  sig.appendChild(copy);
  root(doc).replaceChild(evil, signed);
  return serialize(doc);
}

/** XSW7: the signed assertion hides in samlp:Extensions; the evil one takes its place. */
function xsw7(g: Genuine): string {
  return hideIn(g, 'extensions');
}

/** XSW8: the evil assertion carries the original signature, whose ds:Object holds the original assertion without it. */
function xsw8(g: Genuine): string {
  const doc = parse(g.issue({ signing: 'assertion' }));
  const signed = assertionOf(doc);
  const evil = evilAssertion(signed);
  const sig = cloneEl(signatureOf(signed));
  evil.insertBefore(sig, child(evil, NS.assertion, 'Subject'));
  const copy = cloneEl(signed);
  copy.removeChild(signatureOf(copy));
  sig.appendChild(dsObject(doc, copy));
  root(doc).replaceChild(evil, signed);
  return serialize(doc);
}

/** The signed assertion hidden in Extensions / Advice / StatusDetail, a forged one in its place. */
function hideIn(g: Genuine, where: 'extensions' | 'advice' | 'statusDetail'): string {
  const doc = parse(g.issue({ signing: 'assertion' }));
  const response = root(doc);
  const signed = assertionOf(doc);
  const evil = evilAssertion(signed);
  response.replaceChild(evil, signed);
  if (where === 'extensions') {
    const ext = doc.createElementNS(NS.protocol, 'samlp:Extensions');
    ext.appendChild(signed);
    insertAfter(response, ext, child(response, NS.assertion, 'Issuer'));
  } else if (where === 'advice') {
    const advice = doc.createElementNS(NS.assertion, 'saml:Advice');
    advice.appendChild(signed);
    evil.insertBefore(advice, child(evil, NS.assertion, 'AuthnStatement'));
  } else {
    const detail = doc.createElementNS(NS.protocol, 'samlp:StatusDetail');
    detail.appendChild(signed);
    child(response, NS.protocol, 'Status').appendChild(detail);
  }
  return serialize(doc);
}

// ---------- signature tampering ----------

function flipBase64Char(value: string, at: number): string {
  const c = value[at] === 'A' ? 'B' : 'A';
  return value.slice(0, at) + c + value.slice(at + 1);
}

const DIGEST = /<ds:DigestValue>([^<]+)<\/ds:DigestValue>/;
const SIGVALUE = /<ds:SignatureValue>([^<]+)<\/ds:SignatureValue>/;
const SIGNATURE = /<ds:Signature[\s\S]*?<\/ds:Signature>/;

function removeAssertionSignature(xml: string): string {
  const doc = parse(xml);
  const a = assertionOf(doc);
  a.removeChild(signatureOf(a));
  return serialize(doc);
}

/** A comment, CDATA section or PI inserted inside the NameID and the Username value, after the first `cut` chars. */
function splitValue(xml: string, login: string, cut: number, insert: (head: string, tail: string) => string): string {
  const head = login.slice(0, cut);
  const tail = login.slice(cut);
  return xml
    .replace(`>${login}</saml:NameID>`, `>${insert(head, tail)}</saml:NameID>`)
    .replace(`<saml:AttributeValue>${login}</saml:AttributeValue>`, `<saml:AttributeValue>${insert(head, tail)}</saml:AttributeValue>`);
}

function withIdentity(login: string): ResponseOverrides {
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

// ---------- DTD, entities, transforms ----------

function withDoctype(xml: string, doctype: string, entityRef?: string): string {
  const body = entityRef ? xml.replace('>jdoe</saml:NameID>', `>${entityRef}</saml:NameID>`) : xml;
  return `<?xml version="1.0"?>\n${doctype}\n${body}`;
}

function billionLaughs(): string {
  const lines = ['<!ENTITY lol0 "lol">'];
  for (let i = 1; i < 10; i++) lines.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  return `<!DOCTYPE samlp:Response [${lines.join('')}]>`;
}

/** Adds a Transform to the assertion signature's Reference (after the exc-c14n one). */
function addTransform(xml: string, transform: string): string {
  return xml.replace('</ds:Transforms>', `${transform}</ds:Transforms>`);
}

// ---------- the catalogue ----------

export function attackCases(): AttackCase[] {
  const cases: AttackCase[] = [
    // XSW1–XSW8 and hiding places
    {
      id: 'xsw1',
      category: 'xsw',
      title: 'XSW1: evil Response, original signed Response inside its Signature',
      build: xsw1,
      expect: { reject: 'multiple_assertions' },
    },
    {
      id: 'xsw2',
      category: 'xsw',
      title: 'XSW2: evil Response, original signed Response before a detached Signature',
      build: xsw2,
      expect: { reject: 'multiple_assertions' },
    },
    {
      id: 'xsw3',
      category: 'xsw',
      title: 'XSW3: evil assertion inserted before the signed one',
      build: (g) => xsw3(g),
      expect: { reject: 'multiple_assertions' },
    },
    {
      id: 'xsw3-same-id',
      category: 'xsw',
      title: 'XSW3 with the evil assertion reusing the signed ID',
      build: (g) => xsw3(g, true),
      expect: { reject: 'multiple_assertions' },
    },
    {
      id: 'xsw4',
      category: 'xsw',
      title: 'XSW4: evil assertion wrapping the signed one',
      build: (g) => xsw4(g),
      expect: { reject: 'multiple_assertions' },
    },
    {
      id: 'xsw4-same-id',
      category: 'xsw',
      title: 'XSW4 with the wrapper reusing the signed ID',
      build: (g) => xsw4(g, true),
      expect: { reject: 'multiple_assertions' },
    },
    {
      id: 'xsw5',
      category: 'xsw',
      title: 'XSW5: evil assertion carries the signature, unsigned original appended',
      build: xsw5,
      expect: { reject: 'multiple_assertions' },
    },
    {
      id: 'xsw6',
      category: 'xsw',
      title: 'XSW6: evil assertion carries the signature, original inside the signature',
      build: xsw6,
      expect: { reject: 'multiple_assertions' },
    },
    {
      id: 'xsw7',
      category: 'xsw',
      title: 'XSW7: signed assertion in samlp:Extensions, evil one in its place',
      build: xsw7,
      expect: { reject: 'multiple_assertions' },
    },
    {
      id: 'xsw8',
      category: 'xsw',
      title: 'XSW8: original assertion inside the ds:Object of the evil one’s signature',
      build: xsw8,
      expect: { reject: 'multiple_assertions' },
    },
    {
      id: 'hide-advice',
      category: 'xsw',
      title: 'signed assertion hidden in saml:Advice of a forged one',
      build: (g) => hideIn(g, 'advice'),
      expect: { reject: 'multiple_assertions' },
    },
    {
      id: 'hide-status-detail',
      category: 'xsw',
      title: 'signed assertion hidden in samlp:StatusDetail, forged one in its place',
      build: (g) => hideIn(g, 'statusDetail'),
      expect: { reject: 'multiple_assertions' },
    },
    {
      id: 'stray-signature-in-extensions',
      category: 'xsw',
      title: 'a copy of a valid signature parked in samlp:Extensions of an unsigned forged Response',
      build: (g) => {
        const signedXml = g.issue({ signing: 'assertion' });
        const sig = SIGNATURE.exec(signedXml)?.[0] ?? '';
        const forged = signedXml.replace(sig, '').replace(/>jdoe</g, '>admin<');
        return forged.replace('</saml:Issuer>', `</saml:Issuer><samlp:Extensions>${sig}</samlp:Extensions>`);
      },
      expect: { reject: 'unexpected_signature' },
    },
    {
      id: 'signature-referencing-elsewhere',
      category: 'xsw',
      title: 'the Response signature references the Assertion instead of the Response',
      build: (g) => {
        const xml = g.issue({ signing: 'response' });
        const assertionId = /<saml:Assertion[^>]* ID="([^"]+)"/.exec(xml)?.[1] ?? '';
        const responseId = /<samlp:Response[^>]* ID="([^"]+)"/.exec(xml)?.[1] ?? '';
        return xml.replace(`URI="#${responseId}"`, `URI="#${assertionId}"`);
      },
      expect: { reject: 'unexpected_signature' },
    },

    // signature removed / tampered
    {
      id: 'signature-removed-all',
      category: 'signature',
      title: 'every signature removed',
      build: (g) => g.issue({ signing: 'both' }).replace(new RegExp(SIGNATURE.source, 'g'), ''),
      expect: { reject: 'signature_missing' },
    },
    {
      id: 'signature-removed-assertion',
      category: 'signature',
      title: 'assertion signature removed from a both-signed Response (the Response digest covers it)',
      build: (g) => removeAssertionSignature(g.issue({ signing: 'both' })),
      expect: { reject: 'signature_invalid' },
    },
    {
      id: 'signature-removed-assertion-required',
      category: 'knob',
      settings: { requireSignedAssertion: true },
      title: 'assertion signature removed when the SP requires a signed assertion',
      build: (g) => removeAssertionSignature(g.issue({ signing: 'both' })),
      expect: { reject: 'assertion_signature_required' },
    },
    {
      id: 'digest-tampered',
      category: 'signature',
      title: 'DigestValue altered',
      build: (g) =>
        g.issue({ signing: 'assertion' }).replace(DIGEST, (_m, d: string) => `<ds:DigestValue>${flipBase64Char(d, 5)}</ds:DigestValue>`),
      expect: { reject: 'signature_invalid' },
    },
    {
      id: 'signature-value-tampered',
      category: 'signature',
      title: 'SignatureValue altered',
      build: (g) =>
        g
          .issue({ signing: 'assertion' })
          .replace(SIGVALUE, (_m, v: string) => `<ds:SignatureValue>${flipBase64Char(v, 20)}</ds:SignatureValue>`),
      expect: { reject: 'signature_invalid' },
    },
    {
      id: 'signed-content-tampered',
      category: 'signature',
      title: 'NameID changed inside the signed assertion',
      build: (g) => g.issue({ signing: 'assertion' }).replace(/>jdoe</g, '>admin<'),
      expect: { reject: 'signature_invalid' },
    },
    {
      id: 'both-signed-response-signature-broken',
      category: 'signature',
      title: 'both signed: valid Assertion signature, broken Response signature',
      build: (g) => {
        const xml = g.issue({ signing: 'both' });
        // The first SignatureValue is the Response's (it follows the Response Issuer).
        return xml.replace(SIGVALUE, (_m, v: string) => `<ds:SignatureValue>${flipBase64Char(v, 20)}</ds:SignatureValue>`);
      },
      expect: { reject: 'signature_invalid' },
    },
    {
      id: 'both-signed-response-content-changed',
      category: 'signature',
      title: 'both signed: Response-level content changed (Response digest no longer matches)',
      build: (g) => g.issue({ signing: 'both' }).replace(/(<samlp:Response[^>]*IssueInstant=")[^"]+/, '$12020-01-01T00:00:00Z'),
      expect: { reject: 'signature_invalid' },
    },
    {
      id: 'comment-in-digest-value',
      category: 'signature',
      title: 'a comment inside DigestValue (CVE-2025-29775)',
      build: (g) =>
        g
          .issue({ signing: 'assertion' })
          .replace(DIGEST, (_m, d: string) => `<ds:DigestValue>${d.slice(0, 10)}<!-- -->${d.slice(10)}</ds:DigestValue>`),
      expect: { reject: 'malformed_signature' },
    },
    {
      id: 'several-signed-info',
      category: 'signature',
      title: 'two SignedInfo elements in one Signature (CVE-2025-29774)',
      build: (g) => {
        const xml = g.issue({ signing: 'assertion' });
        const signedInfo = /<ds:SignedInfo>[\s\S]*?<\/ds:SignedInfo>/.exec(xml)?.[0] ?? '';
        return xml.replace(signedInfo, `${signedInfo}${signedInfo.replace(/URI="#[^"]+"/, 'URI="#_evil"')}`);
      },
      expect: { reject: 'malformed_signature' },
    },
    {
      id: 'second-unsigned-assertion',
      category: 'signature',
      title: 'a second, unsigned assertion appended after the signed one',
      build: (g) => {
        const doc = parse(g.issue({ signing: 'assertion' }));
        root(doc).appendChild(evilAssertion(assertionOf(doc)));
        return serialize(doc);
      },
      expect: { reject: 'multiple_assertions' },
    },

    // comments / CDATA / PIs in identity values
    {
      id: 'comment-in-nameid',
      category: 'content',
      title: 'comment inside NameID and Username (“jdoe<!---->.attacker”): only the full signed string counts',
      build: (g) =>
        splitValue(g.issue({ signing: 'assertion', ...withIdentity('jdoe.attacker') }), 'jdoe.attacker', 4, (h, t) => `${h}<!---->${t}`),
      expect: { accept: 'jdoe.attacker' },
    },
    {
      id: 'cdata-in-nameid',
      category: 'content',
      title: 'CDATA inside NameID and Username: read as the full signed string',
      build: (g) =>
        splitValue(
          g.issue({ signing: 'assertion', ...withIdentity('jdoe.attacker') }),
          'jdoe.attacker',
          4,
          (h, t) => `${h}<![CDATA[${t}]]>`,
        ),
      expect: { accept: 'jdoe.attacker' },
    },
    {
      id: 'pi-in-nameid',
      category: 'content',
      title: 'processing instruction inside NameID and Username: full string or refusal',
      build: (g) =>
        splitValue(g.issue({ signing: 'assertion', ...withIdentity('jdoe.attacker') }), 'jdoe.attacker', 4, (h, t) => `${h}<?evil x?>${t}`),
      expect: { acceptOrReject: { login: 'jdoe.attacker', reasons: ['signature_invalid'] } },
    },
    {
      id: 'comment-in-nameid-response-signed',
      category: 'content',
      title: 'comment inside NameID of a Response-only signed message: full signed string',
      build: (g) =>
        splitValue(g.issue({ signing: 'response', ...withIdentity('jdoe.attacker') }), 'jdoe.attacker', 4, (h, t) => `${h}<!---->${t}`),
      expect: { accept: 'jdoe.attacker' },
    },

    // keys
    {
      id: 'attacker-self-signed',
      category: 'key',
      title: 'signed by the attacker, self-signed certificate in KeyInfo',
      build: (g) => g.issueWith(g.attacker),
      expect: { reject: 'untrusted_certificate' },
    },
    {
      id: 'attacker-cloned-subject',
      category: 'key',
      title: 'signed by the attacker with a certificate cloning the IdP’s subject and serial',
      build: (g) => g.issueWith(g.clone),
      expect: { reject: 'untrusted_certificate' },
    },
    {
      id: 'attacker-cloned-subject-pem-trust',
      category: 'key',
      title: 'cloned-subject certificate when the SP trusts a PEM (not fingerprints)',
      settings: { certificateFingerprints: [], certificatePem: '$IDP_PEM' },
      build: (g) => g.issueWith(g.clone),
      expect: { reject: 'untrusted_certificate' },
    },
    {
      id: 'idp-cert-over-attacker-signature',
      category: 'key',
      title: 'the IdP certificate in KeyInfo over a signature made by the attacker',
      build: (g) =>
        g
          .issueWith(g.attacker, { signing: 'assertion' })
          .replace(/<ds:X509Certificate>[^<]+</, `<ds:X509Certificate>${g.idp.certificatePem.replace(/-----[^-]+-----|\s/g, '')}<`),
      expect: { reject: 'signature_invalid' },
    },
    {
      id: 'keyvalue-only',
      category: 'key',
      title: 'attacker signature with a bare KeyValue (no certificate)',
      build: keyValueOnly,
      expect: { reject: 'untrusted_certificate' },
    },
    {
      id: 'keyvalue-only-pem-trust',
      category: 'key',
      title: 'attacker signature with a bare KeyValue when the SP trusts a PEM: verified with the PEM, fails',
      settings: { certificateFingerprints: [], certificatePem: '$IDP_PEM' },
      build: keyValueOnly,
      expect: { reject: 'signature_invalid' },
    },
    {
      id: 'no-keyinfo-fingerprint-trust',
      category: 'key',
      title: 'genuine signature without KeyInfo when only fingerprints are configured',
      build: (g) => g.issue({ signing: 'assertion' }).replace(/<ds:KeyInfo>[\s\S]*?<\/ds:KeyInfo>/, ''),
      expect: { reject: 'untrusted_certificate' },
    },
    {
      id: 'hmac-with-idp-certificate',
      category: 'key',
      title: 'HMAC-SHA1 signature keyed with the IdP certificate',
      build: hmacForgery,
      expect: { reject: 'signature_algorithm_forbidden' },
    },

    // XML-level attacks
    {
      id: 'dtd',
      category: 'xml',
      title: 'internal DTD',
      build: (g) => withDoctype(g.issue(), '<!DOCTYPE samlp:Response [<!ELEMENT x ANY>]>'),
      expect: { reject: 'dtd_forbidden' },
    },
    {
      id: 'external-entity',
      category: 'xml',
      title: 'external entity pointing at a local canary server (XXE)',
      build: (g) => withDoctype(g.issue(), `<!DOCTYPE samlp:Response [<!ENTITY xxe SYSTEM "${g.canaryUrl}/xxe">]>`, '&xxe;'),
      expect: { reject: 'dtd_forbidden' },
    },
    {
      id: 'external-dtd',
      category: 'xml',
      title: 'external DTD subset on the canary server',
      build: (g) => withDoctype(g.issue(), `<!DOCTYPE samlp:Response SYSTEM "${g.canaryUrl}/dtd">`),
      expect: { reject: 'dtd_forbidden' },
    },
    {
      id: 'entity-expansion',
      category: 'xml',
      title: 'billion laughs entity expansion',
      build: (g) => withDoctype(g.issue(), billionLaughs(), '&lol9;'),
      expect: { reject: 'dtd_forbidden' },
    },
    {
      id: 'xinclude',
      category: 'xml',
      title: 'XInclude of the canary URL inside the signed assertion (never processed)',
      build: (g) =>
        g
          .issue({ signing: 'assertion' })
          .replace(
            '</saml:Subject>',
            `</saml:Subject><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="${g.canaryUrl}/xinclude"/>`,
          ),
      expect: { reject: 'signature_invalid' },
    },
    {
      id: 'xslt-transform',
      category: 'xml',
      title: 'XSLT transform fetching the canary URL',
      build: (g) =>
        addTransform(
          g.issue({ signing: 'assertion' }),
          `<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xslt-19991116"><xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0"><xsl:template match="/"><xsl:copy-of select="document('${g.canaryUrl}/xslt')"/></xsl:template></xsl:stylesheet></ds:Transform>`,
        ),
      expect: { reject: 'signature_algorithm_forbidden' },
    },
    {
      id: 'xpath-transform',
      category: 'xml',
      title: 'XPath filter transform',
      build: (g) =>
        addTransform(
          g.issue({ signing: 'assertion' }),
          '<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"><ds:XPath>not(self::*)</ds:XPath></ds:Transform>',
        ),
      expect: { reject: 'signature_algorithm_forbidden' },
    },
    {
      id: 'oversized',
      category: 'xml',
      title: 'a message over 256 KiB',
      build: (g) => g.issue().replace('</samlp:Response>', `<!--${'x'.repeat(300 * 1024)}--></samlp:Response>`),
      expect: { reject: 'message_too_large', status: 413 },
    },

    // conditions
    {
      id: 'expired',
      category: 'conditions',
      title: 'expired (issued an hour ago, 5-minute lifetime)',
      build: (g) => g.issue(shift(g.now, -3600)),
      expect: { reject: 'expired' },
    },
    {
      id: 'not-yet-valid',
      category: 'conditions',
      title: 'not yet valid (NotBefore an hour ahead)',
      build: (g) => g.issue(shift(g.now, 3600)),
      expect: { reject: 'not_yet_valid' },
    },
    {
      id: 'other-audience',
      category: 'conditions',
      title: 'Audience is another SP',
      build: (g) => g.issue({ assertion: { audience: 'https://other-sp.example.test' } }),
      expect: { reject: 'audience_mismatch' },
    },
    {
      id: 'second-audience-restriction',
      category: 'conditions',
      title: 'a second AudienceRestriction naming another SP (validly signed by the IdP)',
      build: (g) =>
        resign(
          g
            .issue({ signing: 'assertion' })
            .replace(
              '</saml:AudienceRestriction>',
              '</saml:AudienceRestriction><saml:AudienceRestriction><saml:Audience>https://other-sp.example.test</saml:Audience></saml:AudienceRestriction>',
            ),
          'assertion',
          g.idp,
        ),
      expect: { reject: 'audience_mismatch' },
    },
    {
      id: 'wrong-recipient',
      category: 'conditions',
      title: 'SubjectConfirmationData Recipient is another ACS (validly signed)',
      build: (g) =>
        resign(
          g.issue({ signing: 'assertion' }).replace(/Recipient="[^"]+"/, 'Recipient="https://evil.example.test/acs"'),
          'assertion',
          g.idp,
        ),
      expect: { reject: 'recipient_mismatch' },
    },
    {
      id: 'wrong-destination',
      category: 'conditions',
      title: 'Destination is another ACS',
      build: (g) => g.issue({ destination: 'https://evil.example.test/acs' }),
      expect: { reject: 'destination_mismatch' },
    },
    {
      id: 'wrong-issuer',
      category: 'conditions',
      title: 'Issuer is another IdP',
      build: (g) => g.issue({ issuer: 'https://evil-idp.example.test' }),
      expect: { reject: 'issuer_mismatch' },
    },
    {
      id: 'unknown-in-response-to',
      category: 'conditions',
      title: 'InResponseTo names a request the SP never made',
      build: (g) => g.issue({ inResponseTo: '_never_sent' }),
      expect: { reject: 'unknown_in_response_to' },
    },
    {
      id: 'status-not-success-with-assertion',
      category: 'conditions',
      title: 'Status Requester next to a validly signed assertion',
      build: (g) =>
        g
          .issue({ signing: 'assertion' })
          .replace('urn:oasis:names:tc:SAML:2.0:status:Success', 'urn:oasis:names:tc:SAML:2.0:status:Requester'),
      expect: { reject: 'status_not_success' },
    },

    // replay
    {
      id: 'replay-same-bytes',
      category: 'replay',
      title: 'the same accepted Response posted again',
      prime: (g) => ({ first: g.issue(), replay: (first) => first }),
      expect: { reject: 'replayed_assertion' },
    },
    {
      id: 'replay-assertion-in-fresh-response',
      category: 'replay',
      title: 'an accepted signed assertion wrapped in a fresh unsigned Response',
      prime: (g) => ({
        first: g.issue({ signing: 'assertion' }),
        replay: (first) => first.replace(/(<samlp:Response[^>]* ID=")[^"]+/, '$1_fresh_response'),
      }),
      expect: { reject: 'replayed_assertion' },
    },

    // legitimate variants
    {
      id: 'legit-both',
      category: 'legitimate',
      title: 'both signed',
      build: (g) => g.issue({ signing: 'both' }),
      expect: { accept: 'jdoe' },
    },
    {
      id: 'legit-assertion-only',
      category: 'legitimate',
      title: 'assertion-only signed',
      build: (g) => g.issue({ signing: 'assertion' }),
      expect: { accept: 'jdoe' },
    },
    {
      id: 'legit-response-only',
      category: 'legitimate',
      title: 'Response-only signed',
      build: (g) => g.issue({ signing: 'response' }),
      expect: { accept: 'jdoe' },
    },
    {
      id: 'legit-base64-line-breaks',
      category: 'legitimate',
      title: 'base64 wrapped at 76 characters with CRLF',
      rawField: true,
      build: (g) =>
        (
          Buffer.from(g.issue())
            .toString('base64')
            .match(/.{1,76}/g) ?? []
        ).join('\r\n'),
      expect: { accept: 'jdoe' },
    },
    {
      id: 'legit-reserialised',
      category: 'legitimate',
      title: 're-serialised equivalent XML (xmldom round trip, self-closing tags)',
      build: (g) => serialize(parse(g.issue())),
      expect: { accept: 'jdoe' },
    },
    {
      id: 'legit-single-quotes',
      category: 'legitimate',
      title: 'single-quoted attributes',
      build: (g) => g.issue().replace(/="([^"']*)"/g, "='$1'"),
      expect: { accept: 'jdoe' },
    },
    {
      id: 'legit-xml-declaration-and-whitespace',
      category: 'legitimate',
      title: 'XML declaration and whitespace between unsigned Response children',
      build: (g) =>
        `<?xml version="1.0" encoding="UTF-8"?>\n${g.issue({ signing: 'assertion' }).replace('</saml:Issuer>', '</saml:Issuer>\n  ').replace('<saml:Assertion', '\n  <saml:Assertion')}`,
      expect: { accept: 'jdoe' },
    },
    {
      id: 'legit-xml-crypto-signed',
      category: 'legitimate',
      title: 'assertion signed by another XML-DSig implementation (xml-crypto) with the IdP key',
      build: (g) => resign(g.issue({ signing: 'assertion' }), 'assertion', g.idp),
      expect: { accept: 'jdoe' },
    },

    // knobs, both ways
    {
      id: 'knob-require-assertion-off-response-only',
      category: 'knob',
      settings: { requireSignedAssertion: false },
      title: 'requireSignedAssertion off: Response-only accepted',
      build: (g) => g.issue({ signing: 'response' }),
      expect: { accept: 'jdoe' },
    },
    {
      id: 'knob-require-assertion-on-response-only',
      category: 'knob',
      settings: { requireSignedAssertion: true },
      title: 'requireSignedAssertion on: Response-only refused',
      build: (g) => g.issue({ signing: 'response' }),
      expect: { reject: 'assertion_signature_required' },
    },
    {
      id: 'knob-require-assertion-on-assertion',
      category: 'knob',
      settings: { requireSignedAssertion: true },
      title: 'requireSignedAssertion on: assertion-signed accepted',
      build: (g) => g.issue({ signing: 'assertion' }),
      expect: { accept: 'jdoe' },
    },
    {
      id: 'knob-require-assertion-on-both',
      category: 'knob',
      settings: { requireSignedAssertion: true },
      title: 'requireSignedAssertion on: both-signed accepted',
      build: (g) => g.issue({ signing: 'both' }),
      expect: { accept: 'jdoe' },
    },
    {
      id: 'knob-sha1-off',
      category: 'knob',
      settings: { allowSha1: false },
      title: 'allowSha1 off: RSA-SHA1 refused',
      build: (g) => g.issue({ signatureAlgorithm: 'rsa-sha1' }),
      expect: { reject: 'signature_algorithm_forbidden' },
    },
    {
      id: 'knob-sha1-on',
      category: 'knob',
      settings: { allowSha1: true },
      title: 'allowSha1 on: RSA-SHA1 accepted',
      build: (g) => g.issue({ signatureAlgorithm: 'rsa-sha1' }),
      expect: { accept: 'jdoe' },
    },
    {
      id: 'knob-unsolicited-off',
      category: 'knob',
      settings: { allowUnsolicited: false },
      title: 'allowUnsolicited off: IdP-initiated refused',
      build: (g) => g.issue(),
      expect: { reject: 'unsolicited_not_allowed' },
    },
    {
      id: 'knob-unsolicited-on',
      category: 'knob',
      settings: { allowUnsolicited: true },
      title: 'allowUnsolicited on: IdP-initiated accepted',
      build: (g) => g.issue(),
      expect: { accept: 'jdoe' },
    },
    {
      id: 'knob-pem-no-keyinfo',
      category: 'knob',
      settings: { certificateFingerprints: [], certificatePem: '$IDP_PEM' },
      title: 'PEM trust: a genuine signature without KeyInfo is verified with the configured PEM',
      build: (g) => g.issue({ signing: 'assertion' }).replace(/<ds:KeyInfo>[\s\S]*?<\/ds:KeyInfo>/, ''),
      expect: { accept: 'jdoe' },
    },
  ];
  return cases;
}

/** All time fields moved by `seconds` (issue, validity window, subject confirmation). */
function shift(from: Date, seconds: number): ResponseOverrides {
  const at = (base: number) => new Date(base + seconds * 1000);
  const now = from.getTime();
  return {
    issueInstant: at(now),
    assertion: {
      notBefore: at(now - 60_000),
      notOnOrAfter: at(now + 300_000),
      subjectNotOnOrAfter: at(now + 300_000),
      authnInstant: at(now),
    },
  };
}
