// The SP-agnostic Response verifier: plain options in, the signed identity or a ResponseRejectedError out.
import { expect } from 'chai';
import { before, describe, it } from 'mocha';
import {
  type AcceptResponseOptions,
  createResponseSigner,
  encodePost,
  fingerprints,
  RESPONSE_REJECTIONS,
  ResponseRejectedError,
  type ResponseSigner,
  type VerifyResponseOptions,
  verifyResponse,
  verifyResponseStateless,
} from '../../src/index.js';
import { ACS_URL, IDP_ENTITY_ID, type SampleOptions, SP_ENTITY_ID, sampleResponseInput, signingMaterial } from '../fixtures.js';

const NOW = new Date('2025-03-01T12:00:00Z');

function rejection(run: () => unknown): ResponseRejectedError {
  try {
    run();
  } catch (err) {
    expect(err).to.be.instanceOf(ResponseRejectedError);
    return err as ResponseRejectedError;
  }
  return expect.fail('expected a ResponseRejectedError');
}

async function asyncRejection(run: () => Promise<unknown>): Promise<ResponseRejectedError> {
  try {
    await run();
  } catch (err) {
    expect(err).to.be.instanceOf(ResponseRejectedError);
    return err as ResponseRejectedError;
  }
  return expect.fail('expected a ResponseRejectedError');
}

describe('verifyResponseStateless', () => {
  let signer: ResponseSigner;
  let options: VerifyResponseOptions;
  const issue = (o: SampleOptions & { edit?: (xml: string) => string } = {}) =>
    (o.edit ?? ((x) => x))(signer.issue(sampleResponseInput({ now: NOW, ...o })));

  before(() => {
    signer = createResponseSigner(signingMaterial());
    options = {
      trust: { fingerprints: [fingerprints(signingMaterial().certificatePem).sha1] },
      expected: { issuer: IDP_ENTITY_ID, audience: SP_ENTITY_ID, destination: ACS_URL },
      now: NOW,
      skewSeconds: 180,
      acceptRawXml: true,
    };
  });

  it('returns the identity, IDs and replay horizon read from the signed bytes, from raw XML and from base64', () => {
    const xml = issue({ inResponseTo: '_req1', responseId: '_r1', assertionId: '_a1' });
    for (const message of [xml, encodePost(xml)]) {
      const v = verifyResponseStateless(message, options);
      expect(v).to.include({
        responseId: '_r1',
        assertionId: '_a1',
        issuer: IDP_ENTITY_ID,
        inResponseTo: '_req1',
        nameId: 'jane.doe@example.com',
        sessionIndex: '_session0123',
      });
      expect(v.attributes.groups).to.deep.equal(['Staff', 'R&D <core>']);
      expect(v.signed).to.deep.equal({ response: true, assertion: true });
      expect(v.replayUntil.toISOString()).to.equal(new Date(NOW.getTime() + 5 * 60_000 + 180_000).toISOString());
    }
  });

  it('reads NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR and U+FFFD in NameID and attributes back exactly, from either signature', () => {
    const nameId = 'a\u0085b\u2028c\u2029d\uFFFDe';
    for (const signing of ['assertion', 'response'] as const) {
      const v = verifyResponseStateless(issue({ nameId, attributes: [{ name: 'x', values: ['\u0085', 'p\u2029q'] }], signing }), options);
      expect(v.nameId).to.equal(nameId);
      expect(v.attributes.x).to.deep.equal(['\u0085', 'p\u2029q']);
    }
  });

  it('refuses raw XML unless the caller opts in with acceptRawXml (saml-bindings §3.5.4: the field is base64)', () => {
    const err = rejection(() => verifyResponseStateless(issue(), { ...options, acceptRawXml: false }));
    expect(err.code).to.equal('malformed_response');
    expect((err.details as { detail: string }).detail).to.contain('base64');
  });

  it('throws a 403 ResponseRejectedError that may not be answered with SAML, its code the reason', () => {
    const err = rejection(() => verifyResponseStateless(issue(), { ...options, expected: { ...options.expected, audience: 'other' } }));
    expect(err).to.include({ code: 'audience_mismatch', status: 403, canRespond: false, message: RESPONSE_REJECTIONS.audience_mismatch });
  });

  it('refuses a decoded message over maxBytes with 413', () => {
    const err = rejection(() => verifyResponseStateless(encodePost(issue()), { ...options, maxBytes: 1024 }));
    expect(err).to.include({ code: 'message_too_large', status: 413 });
  });

  it('trusts a configured PEM certificate when no fingerprint is configured', () => {
    const pem = signingMaterial().certificatePem;
    expect(verifyResponseStateless(issue(), { ...options, trust: { certificates: [pem] } }).nameId).to.equal('jane.doe@example.com');
  });

  it('refuses a Response signed by a certificate that is neither a configured fingerprint nor certificate', () => {
    const err = rejection(() => verifyResponseStateless(issue(), { ...options, trust: { fingerprints: [`${'ab'.repeat(32)}`] } }));
    expect(err.code).to.equal('untrusted_certificate');
  });

  it('refuses an unsigned edit adding an AudienceRestriction that does not name us: the signed bytes no longer verify', () => {
    const edited = issue({
      signing: 'response',
      edit: (xml) =>
        xml.replace(
          '</saml:AudienceRestriction>',
          '</saml:AudienceRestriction><saml:AudienceRestriction><saml:Audience>other</saml:Audience></saml:AudienceRestriction>',
        ),
    });
    expect(rejection(() => verifyResponseStateless(edited, options)).code).to.equal('signature_invalid');
  });

  it('refuses a Response whose InResponseTo differs from the signed SubjectConfirmationData', () => {
    const edited = issue({
      signing: 'assertion',
      inResponseTo: '_a',
      edit: (xml) => xml.replace(/(<samlp:Response[^>]*InResponseTo=")_a"/, '$1_b"'),
    });
    expect(rejection(() => verifyResponseStateless(edited, options)).code).to.equal('unknown_in_response_to');
  });

  it('ignores an InResponseTo that only an unsigned Response carries', () => {
    const edited = issue({
      signing: 'assertion',
      edit: (xml) => xml.replace('<samlp:Response ', '<samlp:Response InResponseTo="_someone_elses" '),
    });
    expect(verifyResponseStateless(edited, options).inResponseTo).to.equal(undefined);
  });

  it('reads identity from the signed Response bytes when only the Response is signed', () => {
    const v = verifyResponseStateless(issue({ signing: 'response', inResponseTo: '_r' }), options);
    expect(v).to.include({ nameId: 'jane.doe@example.com', inResponseTo: '_r' });
    expect(v.signed).to.deep.equal({ response: true, assertion: false });
  });

  it('refuses a Response signed only at the Response level when a signed Assertion is required', () => {
    const err = rejection(() => verifyResponseStateless(issue({ signing: 'response' }), { ...options, requireSignedAssertion: true }));
    expect(err.code).to.equal('assertion_signature_required');
  });
});

describe('verifyResponse', () => {
  let signer: ResponseSigner;
  const calls: string[] = [];
  const issue = (o: SampleOptions = {}) => signer.issue(sampleResponseInput({ now: NOW, ...o }));

  function options(o: { allowUnsolicited?: boolean; known?: boolean; fresh?: boolean } = {}): AcceptResponseOptions {
    return {
      trust: { fingerprints: [fingerprints(signingMaterial().certificatePem).sha256] },
      expected: { issuer: IDP_ENTITY_ID, audience: SP_ENTITY_ID, destination: ACS_URL },
      now: NOW,
      skewSeconds: 60,
      acceptRawXml: true,
      inResponseTo: {
        allowUnsolicited: o.allowUnsolicited ?? false,
        consume: async (id) => {
          calls.push(`consume ${id}`);
          return o.known ?? true;
        },
      },
      replay: async (id, until) => {
        calls.push(`replay ${id} ${until.toISOString()}`);
        return o.fresh ?? true;
      },
    };
  }

  before(() => {
    signer = createResponseSigner(signingMaterial());
  });

  it('consumes the answered request, then remembers the assertion ID until its last valid moment, skew included', async () => {
    calls.length = 0;
    const v = await verifyResponse(issue({ inResponseTo: '_req', assertionId: '_a1' }), options());
    expect(v.nameId).to.equal('jane.doe@example.com');
    expect(calls).to.deep.equal(['consume _req', `replay _a1 ${new Date(NOW.getTime() + 5 * 60_000 + 60_000).toISOString()}`]);
  });

  it('refuses an unsolicited Response unless allowed, naming the verified subject for the audit', async () => {
    calls.length = 0;
    const err = await asyncRejection(() => verifyResponse(issue(), options()));
    expect(err).to.include({ code: 'unsolicited_not_allowed', subject: 'jane.doe@example.com' });
    expect(calls).to.deep.equal([]);
    expect((await verifyResponse(issue({ assertionId: '_a2' }), options({ allowUnsolicited: true }))).assertionId).to.equal('_a2');
  });

  it('refuses an answer to a request that is unknown or already answered, before touching the replay cache', async () => {
    calls.length = 0;
    const err = await asyncRejection(() => verifyResponse(issue({ inResponseTo: '_old' }), options({ known: false })));
    expect(err.code).to.equal('unknown_in_response_to');
    expect(calls).to.deep.equal(['consume _old']);
  });

  it('refuses an assertion ID the replay cache already holds', async () => {
    const err = await asyncRejection(() => verifyResponse(issue({ inResponseTo: '_req' }), options({ fresh: false })));
    expect(err.code).to.equal('replayed_assertion');
  });

  it('asks neither store anything about a Response that fails verification', async () => {
    calls.length = 0;
    const forged = issue({ inResponseTo: '_req' }).replace('jane.doe@example.com', 'admin@example.com');
    expect((await asyncRejection(() => verifyResponse(forged, options()))).code).to.equal('signature_invalid');
    expect(calls).to.deep.equal([]);
  });
});
