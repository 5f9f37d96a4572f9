import { expect } from 'chai';
import { confusableSkeleton, emailKey, mixedScripts, refusedIdentityCharacter, usernameKey } from '../../src/index.js';

describe('usernameKey (PRECIS UsernameCaseMapped, RFC 8265 §3.3)', () => {
  it('keeps the legal usernames of RFC 8265 §3.5 Table 3 as they are (already mapped)', () => {
    for (const name of ['juliet@example.com', 'fussball', 'fußball', 'π', 'σ', 'ς']) expect(usernameKey(name)).to.equal(name);
  });

  it('maps GREEK CAPITAL LETTER SIGMA to σ and keeps final ς distinct (RFC 8265 §3.5 Table 3)', () => {
    expect(usernameKey('Σ')).to.equal('σ');
    expect(usernameKey('ς')).to.not.equal(usernameKey('σ'));
  });

  it('lower-cases without case folding: fußball and fussball stay two usernames', () => {
    expect(usernameKey('Fußball')).to.equal('fußball');
    expect(usernameKey('fußball')).to.not.equal(usernameKey('fussball'));
  });

  it('maps full-width and half-width forms to their narrow equivalents (Width Mapping Rule)', () => {
    expect(usernameKey('ｄｅｍｏ.user')).to.equal('demo.user');
    expect(usernameKey('ＤＥＭＯ．ＵＳＥＲ')).to.equal('demo.user');
    expect(usernameKey('ｶﾞ')).to.equal('ガ');
  });

  it('leaves compatibility characters other than width forms alone (only <wide>/<narrow> are mapped)', () => {
    expect(usernameKey('ﬁ')).to.equal('ﬁ');
    expect(usernameKey('henry Ⅳ')).to.equal('henry ⅳ');
  });

  it('gives precomposed and decomposed accents, in any case, one key', () => {
    expect(usernameKey('ÉLODIE1')).to.equal('élodie1');
    expect(usernameKey('E\u0301LODIE1')).to.equal('élodie1');
    expect(usernameKey('élodie1')).to.equal(usernameKey('ÉLODIE1'));
  });

  it('lower-cases every Unicode letter, not only ASCII', () => {
    expect(usernameKey('ΟΔΥΣΣΕΥΣ')).to.equal('οδυσσευς');
    expect(usernameKey('ДЕМО')).to.equal('демо');
    expect(usernameKey('ÅSA.ØRN')).to.equal('åsa.ørn');
  });

  it('is idempotent', () => {
    for (const name of ['ＤＥＭＯ', 'E\u0301LODIE', 'İstanbul', 'ΟΔΟΣ', 'ｶﾞ'])
      expect(usernameKey(usernameKey(name))).to.equal(usernameKey(name));
  });

  it('keeps a Cyrillic lookalike a different key (that is a warning, not a collision)', () => {
    expect(usernameKey('dеmo.user')).to.not.equal(usernameKey('demo.user'));
  });

  it('compares email addresses by the same rule', () => {
    expect(emailKey('Élodie@Example.COM')).to.equal('élodie@example.com');
    expect(emailKey('ｄｅｍｏ@example.com')).to.equal('demo@example.com');
  });
});

describe('refusedIdentityCharacter', () => {
  it('names zero-width characters with their code point and position', () => {
    expect(refusedIdentityCharacter('demo.user\u200B')).to.equal('U+200B (zero-width character) at position 10');
    for (const c of ['\u200C', '\u200D', '\u2060', '\uFEFF']) expect(refusedIdentityCharacter(`a${c}b`)).to.match(/zero-width/);
  });

  it('refuses bidirectional overrides, isolates and marks', () => {
    for (const c of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']) {
      expect(refusedIdentityCharacter(`user${c}name`)).to.match(/bidirectional override or isolate/);
    }
    expect(refusedIdentityCharacter('user\u200Fname')).to.match(/^U\+200F \(bidirectional mark\)/);
  });

  it('refuses control characters', () => {
    expect(refusedIdentityCharacter('a\u0007b')).to.equal('U+0007 (control character) at position 2');
    expect(refusedIdentityCharacter('a\u0085b')).to.match(/control character/);
  });

  it('accepts letters of every script, digits and the usual punctuation', () => {
    for (const name of ['demo.user', 'élodie1', 'dеmo.user', 'ｄｅｍｏ', 'μαρία', 'ян_тест', 'juliet@example.com', '李小龍']) {
      expect(refusedIdentityCharacter(name), name).to.equal(undefined);
    }
  });
});

describe('mixedScripts and confusableSkeleton (UTS #39, simplified)', () => {
  it('finds a label that mixes Latin and Cyrillic', () => {
    expect(mixedScripts('dеmo.user')).to.deep.equal({ label: 'dеmo', scripts: ['Latin', 'Cyrillic'] });
  });

  it('accepts single-script labels, even when the name has labels in two scripts', () => {
    expect(mixedScripts('demo.user')).to.equal(undefined);
    expect(mixedScripts('иван.petrov')).to.equal(undefined);
    expect(mixedScripts('ΣΩΚΡΑΤΗΣ')).to.equal(undefined);
  });

  it('gives a lookalike and the name it imitates the same skeleton', () => {
    expect(confusableSkeleton('dеmo.user')).to.equal('demo.user');
    expect(confusableSkeleton('ѕсоtt')).to.equal('scott');
    expect(confusableSkeleton('pαypal')).to.equal('paypal');
    expect(confusableSkeleton('DEMO.USER')).to.equal('demo.user');
  });
});
