// fast-check fuzzing of the SAML parsers: any input either parses or throws a SamlbridgeError. Nothing else escapes
// (no TypeError, no RangeError; a hang fails on mocha's timeout). Speed is measured in bench/, not asserted here.

import { SamlbridgeError } from '@samlbridge/errors';
import { thrownBy } from '@samlbridge/test-support';
import { expect } from 'chai';
import fc from 'fast-check';
import { buildAuthnRequest, decodePost, decodeRedirect, encodeRedirect, parseAuthnRequest } from '../../src/index.js';
import { parseXml } from '../../src/xml/safe-parse.js';

function onlySamlbridgeErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof SamlbridgeError)) throw err;
  }
}

const genuine = buildAuthnRequest({
  id: '_abc123',
  issueInstant: new Date('2026-03-01T10:00:00Z'),
  issuer: 'talentlms.test',
  destination: 'https://idp.test/saml2/talentlms',
  assertionConsumerServiceUrl: 'https://sp.test/acs',
});

/** The genuine request with a few bytes replaced, inserted or removed. */
const mutated = fc
  .array(fc.tuple(fc.nat(genuine.length), fc.nat(3), fc.string({ maxLength: 4, unit: 'binary' })), { minLength: 1, maxLength: 4 })
  .map((edits) => edits.reduce((xml, [at, del, ins]) => xml.slice(0, at) + ins + xml.slice(at + del), genuine));

const xmlish = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  mutated,
  fc.constantFrom('<', '<a', '<!DOCTYPE x>', '<a xmlns:b="urn:x"><b:c/></a>', '<?xml version="1.0"?><a/>', '<a>&x;</a>', '<![CDATA[x]]>'),
);

describe('fuzz: protocol parsers never crash with anything but a SamlbridgeError', () => {
  it('parseXml', () => {
    fc.assert(
      fc.property(xmlish, (s) => onlySamlbridgeErrors(() => parseXml(s))),
      { numRuns: 400 },
    );
  });

  it('parseAuthnRequest (random and mutated genuine requests)', () => {
    fc.assert(
      fc.property(xmlish, (s) => onlySamlbridgeErrors(() => parseAuthnRequest(s))),
      { numRuns: 400 },
    );
  });

  it('decodeRedirect (random base64, random deflate, mutated genuine)', () => {
    const encoded = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.base64String({ maxLength: 400 }),
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('base64')),
      mutated.map((x) => encodeRedirect(x)),
    );
    fc.assert(
      fc.property(encoded, (s) => onlySamlbridgeErrors(() => parseAuthnRequest(decodeRedirect(s)))),
      { numRuns: 400 },
    );
  });

  it('decodePost', () => {
    const encoded = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.base64String({ maxLength: 400 }),
      mutated.map((x) => Buffer.from(x).toString('base64')),
    );
    fc.assert(
      fc.property(encoded, (s) => onlySamlbridgeErrors(() => decodePost(s))),
      { numRuns: 400 },
    );
  });

  it('decodeRedirect stops a deflate bomb early with message_too_large (413)', () => {
    const bomb = encodeRedirect(`<a>${'A'.repeat(50 * 1024 * 1024)}</a>`);
    expect(bomb.length).to.be.lessThan(100 * 1024);
    const err = thrownBy(() => decodeRedirect(bomb, { maxEncodedBytes: 128 * 1024 }), SamlbridgeError);
    expect(err?.status).to.equal(413);
    // Stopped by zlib's maxOutputLength, not after inflating the 50 MB.
    expect(err?.cause).to.include({ code: 'ERR_BUFFER_TOO_LARGE' });
  });
});
