// A refused sign-in explains itself to the person: what happened in words, what to do or ask the admin, the way
// to the sign-in log for admins, and Continue when the person is in fact already signed in (back button).
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { NEXT_STEP, personHelp, statusInWords } from '../../src/saml/person-help.js';
import { REASONS, type ReasonCode } from '../../src/saml/reasons.js';
import { startSp } from '../helpers/harness.js';

describe('SP sign-in failures in words', () => {
  const h = suiteFixture(() => startSp());

  it('shows a RequestDenied status as "your administrator has not given you access to TalentLMS"', async () => {
    const xml = h.responseXml({ status: { code: 'Responder', subCode: 'RequestDenied' }, assertion: null, signing: 'response' });
    const { res, body } = await h.postAcs(xml);
    expect(res.status).to.equal(403);
    expect(body).to.contain('Your administrator has not given you access to TalentLMS.');
    expect(body).to.contain('add you to a group that has it');
    expect(body).to.contain('data-reason="status_not_success"');
    expect(body).to.not.contain(REASONS.status_not_success);
  });

  it('tells the person what to ask the admin on audience_mismatch, and admins where the sign-in log is', async () => {
    const { res, body } = await h.postAcs(h.responseXml({ assertion: { audience: 'https://other-sp.example' } }));
    expect(res.status).to.equal(403);
    expect(body).to.contain('id="next-step"');
    expect(body).to.contain('set the identity provider’s SP Entity ID (audience)');
    expect(body).to.contain('<a href="/account/users/sso/sign-ins">sign-in log</a>');
    // The values themselves are for the admin's sign-in log, not the person's page.
    expect(body).to.not.contain('https://other-sp.example');
  });

  it('offers Continue to a person already signed in who re-sends the same Response (back button)', async () => {
    const xml = h.responseXml();
    const first = await h.postAcs(xml);
    expect(first.res.status).to.equal(303);
    const again = await h.postAcs(xml, { jar: first.jar });
    expect(again.res.status).to.equal(403);
    expect(again.body).to.contain('data-reason="replayed_assertion"');
    expect(again.body).to.contain('id="already-signed-in"');
    expect(again.body).to.contain('<a class="button" href="/dashboard">Continue to TalentLMS</a>');
  });

  it('does not offer Continue to a person who is not signed in', async () => {
    const xml = h.responseXml();
    await h.postAcs(xml);
    const again = await h.postAcs(xml);
    expect(again.body).to.contain('data-reason="replayed_assertion"');
    expect(again.body).to.not.contain('id="already-signed-in"');
    expect(again.body).to.contain('Back to the sign-in page');
  });

  it('has a next step for every reason code, and words for the saml-core §3.2.2.2 status codes', () => {
    for (const code of Object.keys(REASONS) as ReasonCode[]) expect(NEXT_STEP[code], code).to.match(/\w+.*\./);
    const urn = (c: string) => `urn:oasis:names:tc:SAML:2.0:status:${c}`;
    expect(statusInWords(`${urn('Responder')} / ${urn('NoAuthnContext')}`)?.what).to.contain('second factor');
    expect(statusInWords(`${urn('Requester')} / ${urn('NoPassive')}`)?.what).to.contain('not signed in at your identity provider');
    expect(statusInWords(urn('Requester'))?.what).to.contain('refused the sign-in request');
    expect(personHelp('status_not_success', 'no status').message).to.equal(REASONS.status_not_success);
  });
});
