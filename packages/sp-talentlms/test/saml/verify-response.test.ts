// The pure verifier (no HTTP, no storage), as the benchmark calls it.

import { createResponseSigner, fingerprints } from '@samlbridge/protocol';
import { expect } from 'chai';
import { before, describe, it } from 'mocha';
import { type VerifyContext, verifySamlResponse } from '../../src/index.js';
import { ACS_URL, baseInput, IDP_ENTITY_ID, SP_ENTITY_ID, START } from '../helpers/harness.js';
import { idpKeys } from '../helpers/keys.js';

describe('verifySamlResponse', () => {
  let context: VerifyContext;
  let signer: ReturnType<typeof createResponseSigner>;
  before(() => {
    signer = createResponseSigner(idpKeys());
    context = {
      idpEntityId: IDP_ENTITY_ID,
      spEntityId: SP_ENTITY_ID,
      acsUrl: ACS_URL,
      certificateFingerprints: [fingerprints(idpKeys().certificatePem).sha1],
      certificatePem: '',
      requireSignedAssertion: false,
      allowSha1: false,
      now: START,
      clockSkewSeconds: 180,
      acceptRawXml: true,
    };
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

  it('throws a SamlError whose code is the reason', () => {
    const xml = signer.issue(baseInput(START, { assertion: { audience: 'other' } }));
    expect(() => verifySamlResponse(xml, context))
      .to.throw()
      .with.property('code', 'audience_mismatch');
  });

  it('refuses a second AudienceRestriction that does not name us (saml-core §2.5.1.4)', () => {
    const xml = signer.issue(baseInput(START, { signing: 'response' }));
    // Unsigned edit, but it must be refused whatever the signature says: checked on the verified copy it fails as signature_invalid.
    const edited = xml.replace(
      '</saml:AudienceRestriction>',
      '</saml:AudienceRestriction><saml:AudienceRestriction><saml:Audience>other</saml:Audience></saml:AudienceRestriction>',
    );
    expect(() => verifySamlResponse(edited, context))
      .to.throw()
      .with.property('code', 'signature_invalid');
  });

  it('reads the Response-level InResponseTo when they disagree and refuses', () => {
    const xml = signer.issue(baseInput(START, { signing: 'assertion', inResponseTo: '_a' }));
    const edited = xml.replace(/(<samlp:Response[^>]*InResponseTo=")_a"/, '$1_b"');
    expect(() => verifySamlResponse(edited, context))
      .to.throw()
      .with.property('code', 'unknown_in_response_to');
  });

  it('ignores an InResponseTo that only an unsigned Response carries', () => {
    const xml = signer.issue(baseInput(START, { signing: 'assertion' }));
    const edited = xml.replace('<samlp:Response ', '<samlp:Response InResponseTo="_someone_elses_request" ');
    expect(verifySamlResponse(edited, context).inResponseTo).to.equal(undefined);
  });

  it('reads identity from the signed Response bytes when only the Response is signed', () => {
    const v = verifySamlResponse(signer.issue(baseInput(START, { signing: 'response', inResponseTo: '_r' })), context);
    expect(v).to.include({ nameId: 'jdoe', inResponseTo: '_r' });
    expect(v.signed).to.deep.equal({ response: true, assertion: false });
  });
});
