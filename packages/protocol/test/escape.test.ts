import { SamlbridgeError } from '@samlbridge/errors';
import { expect } from 'chai';
import { assertXmlChars, escapeC14nAttr, escapeC14nText } from '../src/xml/escape.js';

describe('c14n escaping (xml-c14n §2.3)', () => {
  it('escapes text as & < > and CR only', () => {
    expect(escapeC14nText('a&b<c>d"e\'f\r\n\tg')).to.equal('a&amp;b&lt;c&gt;d"e\'f&#xD;\n\tg');
  });
  it('escapes attribute values as & < " TAB LF CR only', () => {
    expect(escapeC14nAttr('a&b<c>d"e\'f\r\n\tg')).to.equal("a&amp;b&lt;c>d&quot;e'f&#xD;&#xA;&#x9;g");
  });
  it('returns plain strings unchanged, astral characters included', () => {
    expect(escapeC14nText('plain 😀 é')).to.equal('plain 😀 é');
  });
});

describe('assertXmlChars (XML 1.0 §2.2)', () => {
  it('accepts TAB, LF, CR, BMP text and astral characters', () => {
    expect(() => assertXmlChars('\t\n\r abc é \uE000 \uFFFD 😀', 'f')).not.to.throw();
  });
  for (const [label, ch] of [
    ['NUL', '\u0000'],
    ['a C0 control', '\u001B'],
    ['a lone high surrogate', '\uD83D'],
    ['a lone low surrogate', '\uDE00'],
    ['U+FFFE', '\uFFFE'],
    ['U+FFFF', '\uFFFF'],
  ]) {
    it(`refuses ${label} with invalid_xml_char naming the field and position`, () => {
      expect(() => assertXmlChars(`ab${ch}`, 'nameId'))
        .to.throw(SamlbridgeError, /nameId contains U\+[0-9A-F]{4} at position 2/)
        .with.property('code', 'invalid_xml_char');
    });
  }
});
