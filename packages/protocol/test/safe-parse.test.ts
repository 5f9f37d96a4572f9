import { thrownBy } from '@samlbridge/test-support';
import { expect } from 'chai';
import { NS, SamlError } from '../src/index.js';
import { childElementsNS, firstChildNS, parseXml, textContent } from '../src/xml/safe-parse.js';

const codeOf = (fn: () => unknown) => thrownBy(fn, SamlError)?.code;

describe('parseXml', () => {
  it('parses a namespaced document and exposes children by namespace', () => {
    const doc = parseXml(
      `<samlp:Response xmlns:samlp="${NS.protocol}" xmlns:saml="${NS.assertion}"><saml:Issuer>idp &amp; co</saml:Issuer><saml:Assertion/><saml:Assertion/></samlp:Response>`,
    );
    const root = doc.documentElement;
    if (!root) throw new Error('no root');
    expect(textContent(firstChildNS(root, NS.assertion, 'Issuer'))).to.equal('idp & co');
    expect(childElementsNS(root, NS.assertion, 'Assertion')).to.have.length(2);
  });

  it('refuses a DOCTYPE with dtd_forbidden (XXE)', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>';
    expect(codeOf(() => parseXml(xxe))).to.equal('dtd_forbidden');
  });

  it('refuses entity expansion (billion laughs) with dtd_forbidden', () => {
    const lol = `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>`;
    expect(codeOf(() => parseXml(lol))).to.equal('dtd_forbidden');
    expect(codeOf(() => parseXml('<r><!ENTITY x "y"></r>'))).to.equal('dtd_forbidden');
  });

  it('refuses a processing instruction anywhere in the document with processing_instruction_forbidden', () => {
    const nameId = `<saml:NameID xmlns:saml="${NS.assertion}">ad<?x y?>min</saml:NameID>`;
    expect(codeOf(() => parseXml(nameId))).to.equal('processing_instruction_forbidden');
    expect(codeOf(() => parseXml(`<?xml version="1.0"?>${nameId}`))).to.equal('processing_instruction_forbidden');
    expect(codeOf(() => parseXml('<?xml-stylesheet href="s.xsl"?><r/>'))).to.equal('processing_instruction_forbidden');
    expect(codeOf(() => parseXml('<r/><?after it?>'))).to.equal('processing_instruction_forbidden');
    expect(codeOf(() => parseXml('<r><a><b><?deep?></b></a></r>'))).to.equal('processing_instruction_forbidden');
  });

  it('turns only CR LF and a lone CR into LF (XML 1.0 §2.11), keeping NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR', () => {
    const doc = parseXml('<r a="x\u0085y">1\r\n2\r3\u00854\u20285\u20296</r>');
    expect(textContent(doc.documentElement ?? undefined)).to.equal('1\n2\n3\u00854\u20285\u20296');
    expect(doc.documentElement?.getAttribute('a')).to.equal('x\u0085y');
  });

  it('reads U+FFFD (REPLACEMENT CHARACTER), an XML 1.0 character a name may hold, as any other character', () => {
    expect(textContent(parseXml('<r>a\uFFFDb</r>').documentElement ?? undefined)).to.equal('a\uFFFDb');
  });

  it('accepts the XML declaration at the start of the document', () => {
    const doc = parseXml('<?xml version="1.0" encoding="UTF-8"?><r>text<!-- a comment --></r>');
    expect(textContent(doc.documentElement ?? undefined)).to.equal('text');
  });

  it('refuses an undeclared entity reference as malformed_xml', () => {
    expect(codeOf(() => parseXml('<r>&x;</r>'))).to.equal('malformed_xml');
  });

  it('refuses malformed XML, unbound prefixes and trailing garbage with malformed_xml', () => {
    expect(codeOf(() => parseXml('<r><a></r>'))).to.equal('malformed_xml');
    expect(codeOf(() => parseXml('<p:r/>'))).to.equal('malformed_xml');
    expect(codeOf(() => parseXml('<r/><r/>'))).to.equal('malformed_xml');
    expect(codeOf(() => parseXml('not xml'))).to.equal('malformed_xml');
    expect(codeOf(() => parseXml(''))).to.equal('malformed_xml');
  });

  it('refuses a document larger than maxBytes with message_too_large (413)', () => {
    let err: unknown;
    try {
      parseXml(`<r>${'é'.repeat(600)}</r>`, { maxBytes: 1000 });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(SamlError).with.property('code', 'message_too_large');
    expect((err as SamlError).status).to.equal(413);
  });
});
