// issueAsync signs on libuv's threadpool (signature-steps.ts). RSASSA-PKCS1-v1_5 is deterministic (RFC 8017
// §8.2.1), so for the same input and key it must write exactly the bytes `issue` writes; xmlsec1 checks them.

import { createPrivateKey } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SamlbridgeError } from '@samlbridge/errors';
import { SAML_ID_ELEMENTS, xmlsecVerify } from '@samlbridge/test-support';
import { expect } from 'chai';
import fc from 'fast-check';
import type { ResponseSigner, SignatureAlgorithm, SigningMode } from '../src/index.js';
import { createResponseSigner, fingerprints, verifyResponseStateless } from '../src/index.js';
import { type SignatureRequest, threadpoolSignature } from '../src/signature-steps.js';
import { nonBlankXmlText } from './arbitraries.js';
import { ACS_URL, IDP_ENTITY_ID, SP_ENTITY_ID, sampleResponseInput, signingMaterial, spEncryptionMaterial } from './fixtures.js';

const NOW = new Date('2026-12-03T09:00:00.000Z');

describe('createResponseSigner().issueAsync (signatures on the threadpool)', function () {
  this.timeout(60_000);
  let signer: ResponseSigner;
  let dir: string;

  before(async () => {
    signer = createResponseSigner(signingMaterial());
    dir = await mkdtemp(join(tmpdir(), 'samlbridge-async-'));
    await writeFile(join(dir, 'idp.crt'), signingMaterial().certificatePem);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const signing of ['both', 'assertion', 'response'] as SigningMode[]) {
    for (const signatureAlgorithm of ['rsa-sha256', 'rsa-sha512', 'rsa-sha1'] as SignatureAlgorithm[]) {
      it(`writes the same bytes as issue() in mode ${signing} with ${signatureAlgorithm}`, async () => {
        const input = { ...sampleResponseInput({ signing, now: NOW }), signatureAlgorithm };
        const expected = signer.issue(input);
        expect(expected).to.contain('<ds:SignatureValue>');
        expect(await signer.issueAsync(input)).to.equal(expected);
      });
    }
  }

  it('writes the same bytes as issue() for a signed error Response without an assertion', async () => {
    const input = {
      ...sampleResponseInput({ now: NOW, inResponseTo: '_req1' }),
      assertion: undefined,
      signing: 'response' as const,
      status: { code: 'Responder' as const, subCode: 'RequestDenied' as const, message: 'not assigned' },
    };
    expect(await signer.issueAsync(input)).to.equal(signer.issue(input));
  });

  it('writes the same bytes as issue() for arbitrary NameIDs and attributes (property, 25 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(
        nonBlankXmlText(),
        fc.array(fc.record({ name: nonBlankXmlText(), values: fc.array(nonBlankXmlText(), { minLength: 1, maxLength: 3 }) }), {
          maxLength: 3,
        }),
        fc.constantFrom<SigningMode>('both', 'assertion', 'response'),
        async (nameId, attributes, signing) => {
          const input = sampleResponseInput({ nameId, attributes, signing, now: NOW });
          expect(await signer.issueAsync(input)).to.equal(signer.issue(input));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('produces a Response whose signature xmlsec1 verifies, covering the signed Assertion (mode both)', async () => {
    const xml = await signer.issueAsync(sampleResponseInput({ signing: 'both' }));
    const file = join(dir, 'both.xml');
    await writeFile(file, xml);
    // xmlsec1 checks the first ds:Signature: the Response's, whose digest covers the Assertion and its signature.
    expect(xmlsecVerify(file, join(dir, 'idp.crt'), [SAML_ID_ELEMENTS.assertion, SAML_ID_ELEMENTS.response])).to.match(/^OK$/m);
  });

  it('produces an encrypted-assertion Response our verifier accepts with both signatures', async () => {
    const xml = await signer.issueAsync({
      ...sampleResponseInput({ signing: 'both' }),
      encryptAssertion: { certificatePem: spEncryptionMaterial().certificatePem },
    });
    const v = verifyResponseStateless(xml, {
      trust: { fingerprints: [fingerprints(signingMaterial().certificatePem).sha256] },
      expected: { issuer: IDP_ENTITY_ID, audience: SP_ENTITY_ID, destination: ACS_URL },
      now: new Date(),
      skewSeconds: 180,
      acceptRawXml: true,
      decryption: { privateKeysPem: [spEncryptionMaterial().privateKeyPem] },
    });
    expect(v).to.include({ nameId: 'jane.doe@example.com', encrypted: true });
    expect(v.signed).to.deep.equal({ response: true, assertion: true });
  });

  /** The default threadpool signer, recording each request it is asked for. */
  function countingSigner(): { requests: SignatureRequest[]; sign: ReturnType<typeof threadpoolSignature> } {
    const inner = threadpoolSignature(createPrivateKey(signingMaterial().privateKeyPem));
    const requests: SignatureRequest[] = [];
    return {
      requests,
      sign: (r) => {
        requests.push(r);
        return inner(r);
      },
    };
  }

  for (const signing of ['both', 'assertion', 'response'] as SigningMode[]) {
    it(`asks the signer once for a Response in mode ${signing} (in mode both, for both signatures in one request)`, async () => {
      const input = sampleResponseInput({ signing, now: NOW });
      const counting = countingSigner();
      expect(await signer.issueAsync(input, counting.sign)).to.equal(signer.issue(input));
      expect(counting.requests.map((r) => r.enveloping !== undefined)).to.deep.equal([signing === 'both']);
    });
  }

  it('asks the signer twice when the signed Assertion is encrypted before the Response is signed (saml-core §6.2)', async () => {
    const counting = countingSigner();
    await signer.issueAsync(
      { ...sampleResponseInput({ signing: 'both' }), encryptAssertion: { certificatePem: spEncryptionMaterial().certificatePem } },
      counting.sign,
    );
    expect(counting.requests.map((r) => r.enveloping)).to.deep.equal([undefined, undefined]);
  });

  it('lets the event loop run other callbacks while it signs (setImmediate fires before the Response is ready)', async () => {
    const order: string[] = [];
    const issued = signer.issueAsync(sampleResponseInput({ signing: 'both' })).then(() => order.push('response'));
    setImmediate(() => order.push('immediate'));
    await issued;
    expect(order).to.deep.equal(['immediate', 'response']);
  });

  it('rejects invalid input with the error issue() throws', async () => {
    const input = sampleResponseInput({ responseId: '1-not-an-id' });
    expect(() => signer.issue(input)).to.throw(SamlbridgeError, /responseId must be an xs:ID/);
    let err: unknown;
    await signer.issueAsync(input).catch((e: unknown) => {
      err = e;
    });
    expect(err).to.be.instanceOf(SamlbridgeError);
    expect((err as SamlbridgeError).code).to.equal('invalid_id');
  });
});
