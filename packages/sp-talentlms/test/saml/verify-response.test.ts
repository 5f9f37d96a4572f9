// The SP's verifier (no HTTP, no storage), as the benchmark calls it: its settings in the protocol verifier's terms,
// the rejections in this site's words. The verifier's own rules are tested in packages/protocol/test/response.

import { createResponseSigner, fingerprints } from '@samlbridge/protocol';
import { expect } from 'chai';
import { before, describe, it } from 'mocha';
import { REASONS, type VerifyContext, verifySamlResponse } from '../../src/index.js';
import { baseInput, IDP_ENTITY_ID, START } from '../helpers/harness.js';
import { idpKeys, otherKeys } from '../helpers/keys.js';
import { testVerifyContext } from '../helpers/verify-context.js';

describe('verifySamlResponse', () => {
  let context: VerifyContext;
  let signer: ReturnType<typeof createResponseSigner>;
  before(() => {
    signer = createResponseSigner(idpKeys());
    context = testVerifyContext({ certificateFingerprints: [fingerprints(idpKeys().certificatePem).sha1], acceptRawXml: true });
  });

  it('returns the identity, IDs and replay horizon from raw XML and from base64', () => {
    const input = baseInput(START, { inResponseTo: '_req1' });
    const xml = signer.issue(input);
    for (const message of [xml, Buffer.from(xml).toString('base64')]) {
      const v = verifySamlResponse(message, context);
      expect(v).to.include({
        responseId: input.responseId,
        assertionId: input.assertionId,
        issuer: IDP_ENTITY_ID,
        inResponseTo: '_req1',
        nameId: 'jdoe',
      });
      expect(v.attributes.Email).to.deep.equal(['jane.doe@example.test']);
      expect(v.signed).to.deep.equal({ response: true, assertion: true });
      expect(v.replayUntil.toISOString()).to.equal(new Date(START.getTime() + 5 * 60_000 + 180_000).toISOString());
    }
  });

  it('refuses raw XML unless the caller opts in with acceptRawXml (saml-bindings §3.5.4: the field is base64)', () => {
    const xml = signer.issue(baseInput(START));
    expect(() => verifySamlResponse(xml, { ...context, acceptRawXml: false }))
      .to.throw()
      .with.property('code', 'malformed_response');
    expect(() => verifySamlResponse(` \n${xml}`, { ...context, acceptRawXml: undefined }))
      .to.throw(/could not be read/)
      .with.nested.property('details.detail')
      .that.contains('base64');
    expect(verifySamlResponse(Buffer.from(xml).toString('base64'), { ...context, acceptRawXml: false }).nameId).to.equal('jdoe');
  });

  it('throws a SamlError whose code is the reason and whose message is the sentence for the person', () => {
    const xml = signer.issue(baseInput(START, { assertion: { audience: 'other' } }));
    expect(() => verifySamlResponse(xml, context))
      .to.throw(REASONS.audience_mismatch)
      .with.property('code', 'audience_mismatch');
  });

  it('trusts the configured PEM certificate when no fingerprint is configured', () => {
    const xml = signer.issue(baseInput(START));
    expect(verifySamlResponse(xml, { ...context, certificateFingerprints: [], certificatePem: idpKeys().certificatePem }).nameId).to.equal(
      'jdoe',
    );
    expect(() => verifySamlResponse(xml, { ...context, certificateFingerprints: [], certificatePem: otherKeys().certificatePem }))
      .to.throw()
      .with.property('code', 'untrusted_certificate');
  });
});
