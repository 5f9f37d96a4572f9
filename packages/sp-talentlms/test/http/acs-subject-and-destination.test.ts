// saml-bindings §3.5.5.2 (Destination on signed Responses) and saml-profiles §4.1.4.2 (bearer
// SubjectConfirmation with NotOnOrAfter), each by a crafted Response validly signed by the trusted IdP.
import { NS } from '@samlbridge/protocol';
import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { assertionOf, parse, root, serialize } from '../attacks/generator/dom.js';
import { resign } from '../attacks/generator/resign.js';
import { expectRejected } from '../helpers/expect-rejected.js';
import { sessionOf, startSp } from '../helpers/harness.js';
import { idpKeys } from '../helpers/keys.js';

/** Edits the document, then signs `target` again with the trusted IdP key. */
function edited(xml: string, target: 'assertion' | 'response', edit: (doc: Document) => void): string {
  const doc = parse(xml);
  edit(doc as unknown as Document);
  return resign(serialize(doc), target, idpKeys());
}

const confirmationData = (doc: Document) => doc.getElementsByTagNameNS(NS.assertion, 'SubjectConfirmationData')[0] as Element;

describe('ACS: Destination and bearer SubjectConfirmation', () => {
  const h = suiteFixture(() => startSp());

  it('rejects a signed Response without Destination (destination_mismatch)', async () => {
    const xml = edited(h.responseXml({ signing: 'response' }), 'response', (doc) => root(doc as never).removeAttribute('Destination'));
    await expectRejected(h, await h.postAcs(xml), 'destination_mismatch');
  });

  it('accepts an unsigned Response without Destination around a signed assertion (Recipient binds it)', async () => {
    const genuine = parse(h.responseXml({ signing: 'assertion' }));
    root(genuine).removeAttribute('Destination');
    const { res, jar } = await h.postAcs(serialize(genuine));
    expect(res.status).to.equal(303);
    expect(await sessionOf(h, jar)).to.include({ login: 'jdoe' });
  });

  it('rejects an assertion confirmed by another method than bearer (subject_confirmation_missing)', async () => {
    const xml = edited(h.responseXml({ signing: 'assertion' }), 'assertion', (doc) =>
      (doc.getElementsByTagNameNS(NS.assertion, 'SubjectConfirmation')[0] as Element).setAttribute(
        'Method',
        'urn:oasis:names:tc:SAML:2.0:cm:holder-of-key',
      ),
    );
    await expectRejected(h, await h.postAcs(xml), 'subject_confirmation_missing');
  });

  it('rejects a bearer confirmation without NotOnOrAfter (subject_confirmation_missing)', async () => {
    const xml = edited(h.responseXml({ signing: 'assertion' }), 'assertion', (doc) =>
      confirmationData(doc).removeAttribute('NotOnOrAfter'),
    );
    expect(assertionOf(parse(xml))).to.not.equal(undefined);
    await expectRejected(h, await h.postAcs(xml), 'subject_confirmation_missing');
  });
});
