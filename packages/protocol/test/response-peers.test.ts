// The builder's output checked by independent implementations: @node-saml/node-saml (SP
// defaults: both signatures required), samlify's ServiceProvider, and Debian's xmlsec1.

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SAML } from '@node-saml/node-saml';
import { SAML_ID_ELEMENTS, xmlsecVerify } from '@samlbridge/test-support';
import { expect } from 'chai';
import fc from 'fast-check';
import * as samlify from 'samlify';
import type { ResponseSigner, SamlAttribute, SigningMode } from '../src/index.js';
import { BINDING, buildIdpMetadata, createResponseSigner, encodePost, NAMEID_FORMAT } from '../src/index.js';
import { nonBlankXmlText } from './arbitraries.js';
import { ACS_URL, IDP_ENTITY_ID, SP_ENTITY_ID, sampleResponseInput, signingMaterial } from './fixtures.js';

const _run = promisify(execFile);

// samlify refuses to parse until a schema validator is set. The maintained validator
// (@authenio/samlify-node-xmllint) leaks ~1.35 MB per parse, so tests skip
// schema validation here; signatures and conditions are still checked by samlify.
samlify.setSchemaValidator({ validate: async () => 'skipped' });

/** Unique attribute names (peers key attributes by name) with 1–3 values each. */
const attributesArb: fc.Arbitrary<SamlAttribute[]> = fc.uniqueArray(
  fc.record({
    name: nonBlankXmlText().filter((n) => n !== '__proto__'),
    values: fc.array(nonBlankXmlText(), { minLength: 1, maxLength: 3 }),
  }),
  { selector: (a) => a.name, maxLength: 4 },
);

/**
 * samlify 2.13.1 verifies `doc.toString()` (xmldom 0.8 re-serialisation), which writes the CR, NEL and LINE
 * SEPARATOR of `&#xD;`, `&#x85;` and `&#x2028;` as raw characters that the re-parse turns into LF (xmldom 0.8 applies
 * the XML 1.1 line-end rule, §2.11, to every document), so its digest breaks on any of them in text (xml-crypto,
 * node-saml and xmlsec1 verify such documents; the dedicated samlify test shows the refusal). Left out for samlify only.
 */
const noSamlifyLineEnd = (s: string) => !/[\r\u0085\u2028]/.test(s);
const samlifyAttributesArb = attributesArb.filter((as) => as.every((a) => noSamlifyLineEnd(a.name) && a.values.every(noSamlifyLineEnd)));

/**
 * node-saml reads values from a re-serialised copy its parser (@xmldom/xmldom 0.9) re-parses with the XML 1.1
 * line-end rule, so NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR come back as LF (the dedicated test above the
 * properties shows that). Its read-back property leaves them out.
 */
const noXml11LineEnd = (s: string) => !/[\u0085\u2028\u2029]/.test(s);
const nodeSamlAttributesArb = attributesArb.filter((as) => as.every((a) => noXml11LineEnd(a.name) && a.values.every(noXml11LineEnd)));

/** How node-saml and samlify report an attribute: one value as a string, several as an array. */
function asPeerValue(values: string[]): string | string[] {
  return values.length === 1 ? (values[0] as string) : values;
}

describe('Responses verified by independent peers', function () {
  this.timeout(60_000);
  let signer: ResponseSigner;
  let certPem: string;
  let dir: string;

  before(async () => {
    const m = signingMaterial();
    certPem = m.certificatePem;
    signer = createResponseSigner(m);
    dir = await mkdtemp(join(tmpdir(), 'samlbridge-xmlsec-'));
    await writeFile(join(dir, 'idp.crt'), certPem);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('@node-saml/node-saml with its defaults (wantAssertionsSigned, wantAuthnResponseSigned)', () => {
    function nodeSaml(): SAML {
      return new SAML({
        callbackUrl: ACS_URL,
        idpCert: certPem,
        issuer: SP_ENTITY_ID,
        audience: SP_ENTITY_ID,
        idpIssuer: IDP_ENTITY_ID,
      });
    }

    it('accepts a Response signed in mode both and reads NameID and attributes', async () => {
      const { profile } = await nodeSaml().validatePostResponseAsync({
        SAMLResponse: encodePost(signer.issue(sampleResponseInput())),
      });
      expect(profile?.nameID).to.equal('jane.doe@example.com');
      expect(profile?.nameIDFormat).to.equal(NAMEID_FORMAT.emailAddress);
      expect(profile?.attributes).to.deep.equal({
        email: 'jane.doe@example.com',
        firstName: 'Jane',
        lastName: 'Doe',
        groups: ['Staff', 'R&D <core>'],
      });
    });

    for (const signing of ['assertion', 'response'] as SigningMode[]) {
      it(`rejects a Response signed only in mode ${signing} (its defaults need both signatures)`, async () => {
        const SAMLResponse = encodePost(signer.issue(sampleResponseInput({ signing })));
        let err: unknown;
        await nodeSaml()
          .validatePostResponseAsync({ SAMLResponse })
          .catch((e: unknown) => {
            err = e;
          });
        expect(err).to.be.instanceOf(Error);
      });
    }

    it('verifies both signatures over NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR in NameID and attributes', async () => {
      // Its parser (@xmldom/xmldom) turns literal ones into LF before digesting; we send character references.
      const nameId = 'a\u0085b\u2028c\u2029d';
      const attributes = [{ name: 'x', values: ['\u0085', 'p\u2029q'] }];
      const xml = signer.issue(sampleResponseInput({ nameId, attributes }));
      expect(xml).to.include('a&#x85;b&#x2028;c&#x2029;d');
      const { profile } = await nodeSaml().validatePostResponseAsync({ SAMLResponse: encodePost(xml) });
      // node-saml reads values from a re-serialised copy, where its parser applies the same line-end rule again.
      expect(profile?.nameID?.replace(/\s/g, '_')).to.equal('a_b_c_d');
    });

    it('reads back arbitrary NameIDs and attributes (property, 15 runs)', async () => {
      await fc.assert(
        fc.asyncProperty(nonBlankXmlText().filter(noXml11LineEnd), nodeSamlAttributesArb, async (nameId, attributes) => {
          const SAMLResponse = encodePost(signer.issue(sampleResponseInput({ nameId, attributes })));
          const { profile } = await nodeSaml().validatePostResponseAsync({ SAMLResponse });
          expect(profile?.nameID).to.equal(nameId);
          const expected = Object.fromEntries(attributes.map((a) => [a.name, asPeerValue(a.values)]));
          expect(profile?.attributes ?? {}).to.deep.equal(expected);
        }),
        { numRuns: 15 },
      );
    });
  });

  describe("samlify's ServiceProvider", () => {
    function peers() {
      const idp = samlify.IdentityProvider({
        metadata: buildIdpMetadata({
          entityId: IDP_ENTITY_ID,
          certificatePem: certPem,
          ssoRedirectUrl: 'https://idp.example.test/saml2/talentlms',
          ssoPostUrl: 'https://idp.example.test/saml2/talentlms',
          nameIdFormats: [NAMEID_FORMAT.emailAddress],
        }),
      });
      const sp = samlify.ServiceProvider({
        entityID: SP_ENTITY_ID,
        assertionConsumerService: [{ Binding: BINDING.post, Location: ACS_URL }],
        wantAssertionsSigned: true,
        wantMessageSigned: true,
      });
      return { idp, sp };
    }

    it('parses a Response signed in mode both, using our IdP metadata', async () => {
      const { idp, sp } = peers();
      const { extract } = await sp.parseLoginResponse(idp, 'post', {
        body: { SAMLResponse: encodePost(signer.issue(sampleResponseInput())) },
      });
      expect(extract.nameID).to.equal('jane.doe@example.com');
      expect(extract.attributes).to.deep.include({ firstName: 'Jane', groups: ['Staff', 'R&D <core>'] });
      expect(extract.audience).to.equal(SP_ENTITY_ID);
    });

    it('refuses the signature of a Response with CR, NEL or LINE SEPARATOR in its text (its re-serialisation), not PARAGRAPH SEPARATOR', async () => {
      const { idp, sp } = peers();
      const outcome = async (nameId: string) => {
        const SAMLResponse = encodePost(signer.issue(sampleResponseInput({ nameId })));
        return sp.parseLoginResponse(idp, 'post', { body: { SAMLResponse } }).then(
          ({ extract }) => extract.nameID as string,
          (err: Error) => err.message,
        );
      };
      for (const lineEnd of ['\r', '\u0085', '\u2028']) expect(await outcome(`a${lineEnd}b`)).to.equal('FAILED_TO_VERIFY_SIGNATURE');
      expect(await outcome('a\u2029b')).to.equal('a\u2029b');
    });

    it('reads back arbitrary NameIDs and attributes (property, 15 runs)', async () => {
      await fc.assert(
        fc.asyncProperty(nonBlankXmlText().filter(noSamlifyLineEnd), samlifyAttributesArb, async (nameId, attributes) => {
          const { idp, sp } = peers();
          const SAMLResponse = encodePost(signer.issue(sampleResponseInput({ nameId, attributes })));
          const { extract } = await sp.parseLoginResponse(idp, 'post', { body: { SAMLResponse } });
          expect(extract.nameID).to.equal(nameId);
          const expected = Object.fromEntries(attributes.map((a) => [a.name, asPeerValue(a.values)]));
          expect(extract.attributes ?? {}).to.deep.equal(expected);
        }),
        { numRuns: 15 },
      );
    });
  });

  describe('xmlsec1 (Debian) as a crypto oracle', () => {
    // xmlsec1 checks the first ds:Signature it finds, so each signature gets its own document.
    async function verifyXml(xml: string): Promise<string> {
      const file = join(dir, `r-${Math.random().toString(36).slice(2)}.xml`);
      await writeFile(file, xml);
      return xmlsecVerify(file, join(dir, 'idp.crt'), [SAML_ID_ELEMENTS.assertion, SAML_ID_ELEMENTS.response]);
    }

    for (const signing of ['assertion', 'response'] as SigningMode[]) {
      it(`verifies the ${signing} signature (mode ${signing})`, async () => {
        expect(await verifyXml(signer.issue(sampleResponseInput({ signing })))).to.match(/^OK$/m);
      });
    }

    it('verifies NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR written as character references', async () => {
      const input = { nameId: 'a\u0085b\u2028c\u2029d', attributes: [{ name: 'x\u2028y', values: ['\u0085'] }] };
      for (const signing of ['assertion', 'response'] as SigningMode[]) {
        expect(await verifyXml(signer.issue(sampleResponseInput({ ...input, signing })))).to.match(/^OK$/m);
      }
    });

    it('fails on a tampered document (the oracle is not vacuous)', async () => {
      const xml = signer.issue(sampleResponseInput({ signing: 'assertion' })).replace('jane.doe@', 'john.doe@');
      let err: unknown;
      await verifyXml(xml).catch((e: unknown) => {
        err = e;
      });
      expect(err, 'xmlsec1 must reject').to.be.instanceOf(Error);
      expect((err as { code?: unknown }).code, 'xmlsec1 must be installed (apt-get install -y xmlsec1)').not.to.equal('ENOENT');
    });

    it('verifies arbitrary NameIDs and attributes in both signature positions (property, 15 runs)', async () => {
      await fc.assert(
        fc.asyncProperty(
          nonBlankXmlText(),
          attributesArb,
          fc.constantFrom<SigningMode>('assertion', 'response'),
          async (nameId, attributes, signing) => {
            expect(await verifyXml(signer.issue(sampleResponseInput({ nameId, attributes, signing })))).to.match(/^OK$/m);
          },
        ),
        { numRuns: 15 },
      );
    });
  });
});
